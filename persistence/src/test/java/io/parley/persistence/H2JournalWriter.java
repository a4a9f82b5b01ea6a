package io.parley.persistence;

import com.typesafe.config.ConfigFactory;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The process {@link H2KillTest} kills: persists events of several {@link Counter}s through the
 * Pekko journal on H2 and reports each acknowledged total on stdout (the report to the test,
 * hence the prints). Arguments: data directory, number of counters.
 */
public final class H2JournalWriter {
  private H2JournalWriter() {}

  public static void main(String[] args) {
    PrintStream report = new PrintStream(System.out, true);
    DatabaseSettings settings = DatabaseSettings.h2(Path.of(args[0]));
    Database database = Database.open(settings);
    database.migrate();
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "writer",
        JournalConfig.overlay(settings).withFallback(JournalRoundTripTest.TEST_CONFIG).withFallback(ConfigFactory.load()));
    int counters = Integer.parseInt(args[1]);
    for (int i = 0; i < counters; i++) {
      String id = "k" + i;
      ActorRef<Counter.Command> counter = system.systemActorOf(Counter.create(id), id,
          Props.empty());
      new Thread(() -> {
        while (true) {
          CompletionStage<Integer> total = AskPattern.ask(counter, replyTo -> new Counter.Add(1, replyTo),
              Duration.ofSeconds(10), system.scheduler());
          report.println(id + " acked " + total.toCompletableFuture().join() + ".");
        }
      }, "writer-" + id).start();
    }
  }
}
