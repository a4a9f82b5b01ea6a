package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code k8s/} as {@code kubectl apply -k k8s/} reads it, and the Dockerfile, validated offline
 * by {@code src/test/k8s/validate.mjs}: the Kubernetes API schemas bundled in the npm package
 * kubernetes-models (version pinned by the package-lock.json beside it, installed into
 * {@code target/k8s-validate} on first use), strict field names, the references between the
 * resources. Node.js and npm are required; without them this test fails and says so.
 */
class KubernetesManifestsTest {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final Path VALIDATOR_SOURCES = Path.of("src", "test", "k8s").toAbsolutePath();
  private static final Path WORK = Path.of("target", "k8s-validate").toAbsolutePath();
  private static final List<String> FILES = List.of("package.json", "package-lock.json", "validate.mjs");

  @BeforeAll
  static void installValidator() throws Exception {
    NodeTool.requireNodeAndNpm("validate k8s/");
    NodeTool.installPinned(VALIDATOR_SOURCES, WORK, FILES, "kubernetes-models");
  }

  @Test
  void manifestsAndDockerfileValidate() throws Exception {
    NodeTool.Result result = validate(REPO.resolve("k8s"));
    assertEquals(0, result.exitCode(), result.output());
    System.out.print("KubernetesManifestsTest: " + result.output());
    for (String kind : List.of("Deployment", "Service", "PodDisruptionBudget", "Role", "RoleBinding", "ServiceAccount",
        "ConfigMap", "Secret", "StatefulSet", "Namespace")) {
      assertTrue(result.output().contains(kind), "k8s/ has a " + kind + ": " + result.output());
    }
  }

  /** A validator that accepts everything proves nothing: each kind of mistake must fail, loudly. */
  @Test
  void brokenManifestsFail(@TempDir Path copy) throws Exception {
    copyTree(REPO.resolve("k8s"), copy);
    edit(copy.resolve("deployment.yaml"), "  replicas: 3", "  replicas: \"three\"");
    edit(copy.resolve("deployment.yaml"), "          readinessProbe:", "          readinesProbe:");
    edit(copy.resolve("service.yaml"), "      targetPort: management", "      targetPort: mgmt");
    edit(copy.resolve("kustomization.yaml"), "  - pdb.yaml", "  - pdb.yaml\n  - ingress.yaml");
    Files.writeString(copy.resolve("pdb.yaml"), "---\napiVersion: v1\nkind: Frobnicator\nmetadata:\n  name: x\n",
        java.nio.file.StandardOpenOption.APPEND);

    NodeTool.Result result = validate(copy);
    assertEquals(1, result.exitCode(), result.output());
    for (String expected : List.of(
        "spec/replicas must be integer",
        "unknown field spec.template.spec.containers[0].readinesProbe (did you mean readinessProbe?)",
        "targetPort mgmt is not a port of Deployment parley",
        "resource ingress.yaml does not exist",
        "unknown kind v1/Frobnicator")) {
      assertTrue(result.output().contains(expected), "reports: " + expected + "\n" + result.output());
    }
  }

  @Test
  void manifestsSetOnlyDocumentedVariables() throws IOException {
    Set<String> documented = new TreeSet<>();
    Matcher row = Pattern.compile("^\\| `(PARLEY_[A-Z0-9_]+)`", Pattern.MULTILINE)
        .matcher(Files.readString(REPO.resolve("README.md")));
    while (row.find()) documented.add(row.group(1));
    Set<String> used = new TreeSet<>();
    try (Stream<Path> files = Files.walk(REPO.resolve("k8s"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
        Matcher variable = Pattern.compile("\\b(PARLEY_[A-Z0-9_]+)").matcher(Files.readString(file));
        while (variable.find()) used.add(variable.group(1));
      }
    }
    used.removeAll(documented);
    assertEquals(Set.of(), used, "k8s/ sets variables the README's configuration table does not list");
  }

  private static NodeTool.Result validate(Path kustomization) throws Exception {
    return NodeTool.run(WORK, 120, Map.of(), "node", "validate.mjs", kustomization.toString(),
        "--dockerfile", REPO.resolve("Dockerfile").toString());
  }

  private static void copyTree(Path from, Path to) throws IOException {
    List<Path> paths = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(from)) {
      walk.forEach(paths::add);
    }
    for (Path source : paths) {
      Path target = to.resolve(from.relativize(source).toString());
      if (Files.isDirectory(source)) Files.createDirectories(target);
      else Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void edit(Path file, String from, String to) throws IOException {
    String text = Files.readString(file);
    assertTrue(text.contains(from), file + " still contains `" + from + "` (update this test with the manifests)");
    Files.writeString(file, text.replace(from, to));
  }
}
