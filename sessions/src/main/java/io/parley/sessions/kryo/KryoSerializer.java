package io.parley.sessions.kryo;

import io.parley.core.KryoSerializable;
import io.parley.core.release.MemberReleases;
import io.parley.sessions.ClusterReleases;
import io.parley.sessions.SessionUpdate;
import java.io.NotSerializableException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * Pekko's serializer for {@link KryoSerializable} messages (bound in reference.conf): the updates a
 * session pushes to subscribers on other nodes. Kryo's bytes carry no field names, so they are
 * only read by a node whose types have the same ids and shapes: the manifest is the class name and
 * the codec's fingerprint (the committed generation of {@link KryoRegistry} while every type keeps
 * its committed shape), and bytes from a node with another fingerprint are refused, never misread.
 * A type a later release added is refused by name on a node of the release before.
 *
 * <p>This node also reads and writes the generation before the committed one ({@code
 * kryo-types-earlier.txt}): while a member runs a release older than {@link #GENERATION_RELEASE},
 * which reads only that one, every message goes out in it, so nodes of the two releases keep
 * exchanging session updates through a rolling upgrade and its rollback.
 */
public final class KryoSerializer extends SerializerWithStringManifest {
  /** Pekko reserves 0 to 40 for its own serializers. */
  public static final int IDENTIFIER = 4701;
  /** Every {@link KryoSerializable} type; what they contain is registered with them. */
  static final List<Class<?>> ROOTS = List.of(SessionUpdate.class);
  /** The release that started the committed generation: members of older releases read only the earlier one. */
  static final int GENERATION_RELEASE = 1;

  private final KryoCodec current;
  private final KryoCodec earlier;
  private final Supplier<MemberReleases> members;
  private final Map<Class<?>, String> currentManifests = new HashMap<>();
  private final Map<Class<?>, String> earlierManifests = new HashMap<>();
  private final Map<String, Class<?>> types = new HashMap<>();
  private final Map<String, KryoCodec> codecs = new HashMap<>();
  /** The generation chosen for the message this thread serializes: Pekko asks its manifest and its bytes apart. */
  private final ThreadLocal<Choice> chosen = new ThreadLocal<>();

  private record Choice(Object message, boolean earlier) {}

  public KryoSerializer(ExtendedActorSystem system) {
    // Looked up at the first message, not while Pekko builds its serializers.
    this(system, KryoRegistry.committed(), KryoRegistry.earlier(),
        () -> ClusterReleases.get(Adapter.toTyped(system)).get());
  }

  KryoSerializer(ExtendedActorSystem system, KryoRegistry committed, KryoRegistry earlierList,
      Supplier<MemberReleases> members) {
    this.current = new KryoCodec(system, ROOTS, committed);
    this.earlier = KryoCodec.earlierGeneration(system, earlierList);
    this.members = members;
    index(current, currentManifests);
    index(earlier, earlierManifests);
  }

  private void index(KryoCodec codec, Map<Class<?>, String> manifests) {
    for (Class<?> type : codec.types()) {
      String manifest = type.getName() + "@" + codec.fingerprint();
      manifests.put(type, manifest);
      types.put(manifest, type);
      codecs.put(manifest, codec);
    }
  }

  @Override
  public int identifier() {
    return IDENTIFIER;
  }

  @Override
  public String manifest(Object message) {
    Map<Class<?>, String> manifests = inEarlierGeneration(message) ? earlierManifests : currentManifests;
    String manifest = manifests.get(message.getClass());
    if (manifest == null) {
      throw new IllegalArgumentException(message.getClass().getName()
          + " is not reachable from KryoSerializer.ROOTS: add its sealed interface there");
    }
    return manifest;
  }

  @Override
  public byte[] toBinary(Object message) {
    manifest(message);
    return (inEarlierGeneration(message) ? earlier : current).toBinary(message);
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    Class<?> type = types.get(manifest);
    if (type == null) {
      throw new NotSerializableException(manifest + " was written by a node whose Kryo types differ from this"
          + " node's (@" + current.fingerprint() + " or @" + earlier.fingerprint() + "): a rolling update across"
          + " more than one generation, or not a Kryo type");
    }
    return codecs.get(manifest).fromBinary(bytes, type);
  }

  /**
   * Whether this message goes out in the earlier generation: while a member of an older release
   * is up, and the earlier generation has its type (one it lacks goes out in the current one,
   * which the older release refuses by name).
   */
  private boolean inEarlierGeneration(Object message) {
    Choice choice = chosen.get();
    if (choice != null && choice.message() == message) return choice.earlier();
    boolean inEarlier = earlierManifests.containsKey(message.getClass()) && !members.get().allReach(GENERATION_RELEASE);
    chosen.set(new Choice(message, inEarlier));
    return inEarlier;
  }
}
