// Validates a kustomization directory the way `kubectl apply -k` would read it, offline:
//
//   node validate.mjs <kustomization-dir> [--dockerfile <path>]
//
// 1. The kustomization: only the fields this script understands (resources), every resource
//    exists, directories are kustomizations themselves. Anything else fails: an unsupported
//    field would mean the rendering checked here is not what kubectl applies.
// 2. Every document against the Kubernetes API schema bundled in kubernetes-models (types,
//    required fields, enums, formats), plus strict field names: a field the API does not know
//    (a typo such as readinesProbe) fails, as kubectl's strict field validation would.
// 3. References between the resources: selectors that select something, named ports that exist,
//    ConfigMaps, Secrets, keys, service accounts and roles that are defined, one namespace.
// 4. With --dockerfile: a multi-stage build running as a non-root user, exposing the ports the
//    pods declare, whose build stage copies every module the parent pom.xml beside it lists
//    (Maven refuses a reactor with a module directory missing, even for `-pl http -am`).
//
// Prints one line per problem and exits 1 if there is any; exits 0 with a summary otherwise.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

const require = createRequire(import.meta.url);
const problems = [];
const fail = (where, message) => problems.push(`${where}: ${message}`);

// ---------------------------------------------------------------------------------------------
// 1. Kustomization
// ---------------------------------------------------------------------------------------------

const KUSTOMIZATION_FIELDS = new Set(['apiVersion', 'kind', 'resources']);

function loadKustomization(dir, seen = new Set()) {
  const file = ['kustomization.yaml', 'kustomization.yml', 'Kustomization']
    .map((name) => path.join(dir, name)).find((candidate) => existsSync(candidate));
  if (!file) {
    fail(dir, 'no kustomization.yaml');
    return [];
  }
  if (seen.has(file)) {
    fail(file, 'kustomization included twice (a cycle?)');
    return [];
  }
  seen.add(file);
  const [doc] = parseYaml(file);
  if (!doc) return [];
  if (doc.apiVersion !== 'kustomize.config.k8s.io/v1beta1' || doc.kind !== 'Kustomization') {
    fail(file, 'expected apiVersion kustomize.config.k8s.io/v1beta1, kind Kustomization');
  }
  for (const field of Object.keys(doc)) {
    if (!KUSTOMIZATION_FIELDS.has(field)) {
      fail(file, `field "${field}" is not supported by this validator; extend validate.mjs before using it`);
    }
  }
  if (!Array.isArray(doc.resources) || doc.resources.length === 0) fail(file, 'resources must list files');
  const documents = [];
  for (const resource of doc.resources ?? []) {
    const target = path.resolve(dir, resource);
    if (!existsSync(target)) {
      fail(file, `resource ${resource} does not exist`);
    } else if (statSync(target).isDirectory()) {
      documents.push(...loadKustomization(target, seen));
    } else {
      parseYaml(target).forEach((manifest, index) => {
        if (manifest !== null) documents.push({ manifest, where: `${path.relative(root, target)}#${index + 1}` });
      });
    }
  }
  return documents;
}

function parseYaml(file) {
  const docs = parseAllDocuments(readFileSync(file, 'utf8'));
  const values = [];
  for (const doc of docs) {
    for (const error of doc.errors) fail(file, `YAML: ${error.message}`);
    values.push(doc.errors.length ? null : doc.toJS());
  }
  return values;
}

// ---------------------------------------------------------------------------------------------
// 2. Schema and strict field names
// ---------------------------------------------------------------------------------------------

/** kubernetes-models lays its models out as <group>/<version>/<Kind>, the core group as v1. */
function modelPath(apiVersion, kind) {
  return `kubernetes-models/${apiVersion}/${kind}`;
}

async function validateSchema({ manifest, where }) {
  const { apiVersion, kind } = manifest;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
    fail(where, 'apiVersion and kind are required');
    return;
  }
  let module;
  try {
    module = await import(modelPath(apiVersion, kind));
  } catch {
    fail(where, `unknown kind ${apiVersion}/${kind}`);
    return;
  }
  const Model = module[kind];
  try {
    new Model(manifest).validate();
  } catch (error) {
    for (const line of String(error.message).split('\n')) fail(where, `${kind} ${name(manifest)}: ${line}`);
  }
  const dts = require.resolve(modelPath(apiVersion, kind)).replace(/\.(m?js)$/, '.d.ts');
  checkFields(manifest, resolveInterface(dts, `I${kind}`), `${where} ${kind} ${name(manifest)}`, '');
}

const parsedDts = new Map();

/** Reads a kubernetes-models declaration file: its interfaces' fields, its imports and aliases. */
function dtsFile(file) {
  if (parsedDts.has(file)) return parsedDts.get(file);
  const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
  const imports = new Map();
  for (const [, names, from] of text.matchAll(/import \{([^}]+)\} from "([^"]+)";/g)) {
    for (const imported of names.split(',').map((n) => n.trim()).filter(Boolean)) imports.set(imported, from);
  }
  const aliases = new Map();
  for (const [, list] of text.matchAll(/export (?:type )?\{([^}]+)\};/g)) {
    for (const entry of list.split(',')) {
      const [local, exported] = entry.trim().split(/\s+as\s+/);
      if (exported) aliases.set(exported, local);
    }
  }
  const interfaces = new Map();
  for (const match of text.matchAll(/export interface (\w+)(?: extends [\w, ]+)? \{/g)) {
    interfaces.set(match[1], fieldsOf(text, match.index + match[0].length));
  }
  const parsed = { file, imports, aliases, interfaces };
  parsedDts.set(file, parsed);
  return parsed;
}

/** The `"name"?: Type;` members of an interface body starting at `start`, up to its closing brace. */
function fieldsOf(text, start) {
  const fields = new Map();
  let depth = 0;
  let i = start;
  let member = '';
  for (; i < text.length; i++) {
    const c = text[i];
    if (depth === 0 && c === '}') break;
    if (c === '{' || c === '<' || c === '(') depth++;
    if (c === '}' || c === '>' || c === ')') depth--;
    if (depth === 0 && c === ';') {
      const found = member.trim().match(/^"([^"]+)"\??:\s*([\s\S]+)$/);
      if (found) fields.set(found[1], found[2].replace(/\s+/g, ' ').trim());
      member = '';
    } else {
      member += c;
    }
  }
  return fields;
}

/** The fields of the interface an identifier names, following imports and aliases; null if none. */
function resolveInterface(file, identifier) {
  const dts = dtsFile(file);
  const local = dts.aliases.get(identifier) ?? identifier;
  if (dts.interfaces.has(local)) return { file, fields: dts.interfaces.get(local) };
  const from = dts.imports.get(identifier);
  if (!from) return null;
  const target = from.startsWith('.')
    ? path.resolve(path.dirname(file), from.replace(/\.js$/, '')) + '.d.ts'
    : require.resolve(from).replace(/\.(m?js)$/, '.d.ts');
  return existsSync(target) ? resolveInterface(target, identifier) : null;
}

/** Every key of `value` must be a field of its type; recurses through arrays, maps and objects. */
function checkFields(value, type, where, at) {
  if (!type || value === null || typeof value !== 'object' || Array.isArray(value)) return;
  for (const [key, child] of Object.entries(value)) {
    const fieldType = type.fields.get(key);
    if (fieldType === undefined) {
      fail(where, `unknown field ${at}${key}${suggestion(key, type.fields)}`);
      continue;
    }
    checkTyped(child, fieldType, type.file, where, `${at}${key}`);
  }
}

function checkTyped(value, typeText, file, where, at) {
  const array = typeText.match(/^Array<(.+)>$/);
  if (array) {
    if (Array.isArray(value)) value.forEach((item, i) => checkTyped(item, array[1], file, where, `${at}[${i}]`));
    return;
  }
  const map = typeText.match(/^\{ \[key: string\]: (.+); \}$/);
  if (map) {
    if (value && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) checkTyped(item, map[1], file, where, `${at}.${key}`);
    }
    return;
  }
  if (/^\w+$/.test(typeText)) checkFields(value, resolveInterface(file, typeText), where, `${at}.`);
}

function suggestion(key, fields) {
  const close = [...fields.keys()].filter((field) => distance(field.toLowerCase(), key.toLowerCase()) <= 2);
  return close.length ? ` (did you mean ${close.join(' or ')}?)` : '';
}

function distance(a, b) {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}

// ---------------------------------------------------------------------------------------------
// 3. References between resources
// ---------------------------------------------------------------------------------------------

const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'PersistentVolume', 'StorageClass']);
const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']);

function name(manifest) {
  return manifest?.metadata?.name ?? '<no name>';
}

function checkReferences(documents) {
  const byKey = new Map();
  const find = (kind, namespace, wanted) => byKey.get(`${kind}/${namespace}/${wanted}`);
  const namespaces = new Set(documents.filter((d) => d.manifest.kind === 'Namespace').map((d) => name(d.manifest)));

  for (const { manifest, where } of documents) {
    const namespace = manifest.metadata?.namespace;
    if (CLUSTER_SCOPED.has(manifest.kind)) {
      if (namespace) fail(where, `${manifest.kind} is cluster-scoped but names namespace ${namespace}`);
    } else if (!namespace) {
      fail(where, `${manifest.kind} ${name(manifest)} names no namespace`);
    } else if (!namespaces.has(namespace)) {
      fail(where, `namespace ${namespace} is not defined here`);
    }
    const key = `${manifest.kind}/${namespace ?? ''}/${name(manifest)}`;
    if (byKey.has(key)) fail(where, `${manifest.kind} ${name(manifest)} is defined twice`);
    byKey.set(key, { manifest, where });
  }

  const pods = documents.filter((d) => WORKLOADS.has(d.manifest.kind)).map(({ manifest, where }) => ({
    where,
    namespace: manifest.metadata?.namespace,
    owner: `${manifest.kind} ${name(manifest)}`,
    labels: manifest.spec?.template?.metadata?.labels ?? {},
    spec: manifest.spec?.template?.spec ?? {},
    claimTemplates: (manifest.spec?.volumeClaimTemplates ?? []).map((t) => t.metadata?.name),
  }));
  const selects = (selector, labels) => Object.entries(selector ?? {}).every(([k, v]) => labels[k] === v);

  for (const { manifest, where } of documents) {
    const spec = manifest.spec ?? {};
    const namespace = manifest.metadata?.namespace;
    if (WORKLOADS.has(manifest.kind) && manifest.kind !== 'Job') {
      if (!selects(spec.selector?.matchLabels, spec.template?.metadata?.labels ?? {})) {
        fail(where, `${manifest.kind} ${name(manifest)}: selector does not match its pod template's labels`);
      }
    }
    if (manifest.kind === 'Service') {
      const selected = pods.filter((p) => p.namespace === namespace && selects(spec.selector, p.labels));
      if (!spec.selector || selected.length === 0) fail(where, `Service ${name(manifest)} selects no pods`);
      for (const port of spec.ports ?? []) {
        if (typeof port.targetPort !== 'string') continue;
        for (const pod of selected) {
          const declared = (pod.spec.containers ?? []).flatMap((c) => c.ports ?? []).some((p) => p.name === port.targetPort);
          if (!declared) fail(where, `Service ${name(manifest)}: targetPort ${port.targetPort} is not a port of ${pod.owner}`);
        }
      }
    }
    if (manifest.kind === 'PodDisruptionBudget') {
      if (!pods.some((p) => p.namespace === namespace && selects(spec.selector?.matchLabels, p.labels))) {
        fail(where, `PodDisruptionBudget ${name(manifest)} selects no pods`);
      }
    }
    if (manifest.kind === 'RoleBinding') {
      if (!find(manifest.roleRef?.kind, namespace, manifest.roleRef?.name)) {
        fail(where, `RoleBinding ${name(manifest)}: ${manifest.roleRef?.kind} ${manifest.roleRef?.name} is not defined`);
      }
      for (const subject of manifest.subjects ?? []) {
        if (subject.kind === 'ServiceAccount' && !find('ServiceAccount', subject.namespace, subject.name)) {
          fail(where, `RoleBinding ${name(manifest)}: ServiceAccount ${subject.namespace}/${subject.name} is not defined`);
        }
      }
    }
  }

  for (const pod of pods) checkPodReferences(pod, find);
}

function checkPodReferences(pod, find) {
  const { spec, namespace, owner, where } = pod;
  const at = owner;
  if (spec.serviceAccountName && !find('ServiceAccount', namespace, spec.serviceAccountName)) {
    fail(where, `${at}: service account ${spec.serviceAccountName} is not defined`);
  }
  const volumes = new Set((spec.volumes ?? []).map((v) => v.name));
  for (const volume of spec.volumes ?? []) {
    const claim = volume.persistentVolumeClaim?.claimName;
    if (claim && !find('PersistentVolumeClaim', namespace, claim)) fail(where, `${at}: claim ${claim} is not defined`);
  }
  for (const container of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    const c = `${at} container ${container.name}`;
    const portNames = new Set((container.ports ?? []).map((p) => p.name).filter(Boolean));
    for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) {
      const port = container[probe]?.httpGet?.port ?? container[probe]?.tcpSocket?.port;
      if (typeof port === 'string' && !portNames.has(port)) fail(where, `${c}: ${probe} uses undeclared port ${port}`);
    }
    for (const source of container.envFrom ?? []) {
      if (source.configMapRef && !find('ConfigMap', namespace, source.configMapRef.name)) {
        fail(where, `${c}: ConfigMap ${source.configMapRef.name} is not defined`);
      }
      if (source.secretRef && !find('Secret', namespace, source.secretRef.name)) {
        fail(where, `${c}: Secret ${source.secretRef.name} is not defined`);
      }
    }
    for (const variable of container.env ?? []) {
      const fromMap = variable.valueFrom?.configMapKeyRef;
      const fromSecret = variable.valueFrom?.secretKeyRef;
      if (fromMap) checkKey(find('ConfigMap', namespace, fromMap.name), fromMap, 'ConfigMap', `${c} env ${variable.name}`, where);
      if (fromSecret) checkKey(find('Secret', namespace, fromSecret.name), fromSecret, 'Secret', `${c} env ${variable.name}`, where);
    }
    for (const mount of container.volumeMounts ?? []) {
      if (!volumes.has(mount.name) && !pod.claimTemplates.includes(mount.name)) {
        fail(where, `${c}: volume ${mount.name} is not defined`);
      }
    }
  }
}

function checkKey(resource, ref, kind, at, where) {
  if (!resource) {
    fail(where, `${at}: ${kind} ${ref.name} is not defined`);
    return;
  }
  const keys = new Set([...Object.keys(resource.manifest.data ?? {}), ...Object.keys(resource.manifest.stringData ?? {})]);
  if (!keys.has(ref.key)) fail(where, `${at}: ${kind} ${ref.name} has no key ${ref.key}`);
}

// ---------------------------------------------------------------------------------------------
// 4. Dockerfile
// ---------------------------------------------------------------------------------------------

function checkDockerfile(file, documents) {
  if (!existsSync(file)) {
    fail(file, 'does not exist');
    return;
  }
  const lines = readFileSync(file, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const froms = lines.filter((l) => /^FROM\s/i.test(l));
  if (froms.length < 2) fail(file, 'expected a multi-stage build (a build stage and a runtime stage)');
  const lastFrom = lines.lastIndexOf(froms[froms.length - 1]);
  const pom = path.join(path.dirname(file), 'pom.xml');
  if (existsSync(pom)) {
    const modules = [...readFileSync(pom, 'utf8').matchAll(/<module>\s*([^<\s]+)\s*<\/module>/g)].map((m) => m[1]);
    const copied = new Set(lines.slice(0, lastFrom).filter((l) => /^COPY\s/i.test(l)).map((l) => l.split(/\s+/)[1]));
    for (const module of modules) {
      if (!copied.has(module)) fail(file, `the build stage does not COPY the module ${module} that pom.xml lists`);
    }
  }
  const runtime = lines.slice(lastFrom);
  const user = runtime.filter((l) => /^USER\s/i.test(l)).pop();
  if (!user) fail(file, 'the runtime stage sets no USER: it would run as root');
  else if (/^USER\s+(root|0)(:|$|\s)/i.test(user)) fail(file, `the runtime stage runs as root (${user})`);
  const exposed = new Set(runtime.filter((l) => /^EXPOSE\s/i.test(l)).flatMap((l) => l.split(/\s+/).slice(1)).map((p) => Number(p.split('/')[0])));
  if (!runtime.some((l) => /^ENTRYPOINT\s/i.test(l))) fail(file, 'the runtime stage has no ENTRYPOINT');
  for (const { manifest, where } of documents) {
    if (manifest.kind !== 'Deployment') continue;
    for (const container of manifest.spec?.template?.spec?.containers ?? []) {
      if (!String(container.image).startsWith('parley-server')) continue;
      for (const port of container.ports ?? []) {
        if (!exposed.has(port.containerPort)) fail(where, `container port ${port.containerPort} is not EXPOSEd in ${path.basename(file)}`);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------

const args = process.argv.slice(2);
const root = path.resolve(args[0] ?? '.');
const dockerfileAt = args.indexOf('--dockerfile');

const documents = loadKustomization(root);
for (const document of documents) await validateSchema(document);
checkReferences(documents);
if (dockerfileAt >= 0) checkDockerfile(path.resolve(args[dockerfileAt + 1]), documents);

if (problems.length) {
  for (const problem of problems) console.log(`INVALID ${problem}`);
  console.log(`${problems.length} problem(s) in ${root}`);
  process.exit(1);
}
const kinds = [...new Set(documents.map((d) => d.manifest.kind))].sort().join(', ');
console.log(`valid: ${documents.length} manifests in ${root} (${kinds})`);
