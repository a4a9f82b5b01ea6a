package io.parley.persistence;

import io.parley.persistence.testing.Sql;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The process {@link H2KillTest} kills: commits rows through the application pool from several
 * threads until it dies, and reports each id on stdout once its commit has returned. Stdout is
 * the report to the test, hence the prints. Arguments: data directory, number of writer threads.
 */
public final class H2RowWriter {
  private H2RowWriter() {}

  public static void main(String[] args) throws Exception {
    PrintStream report = new PrintStream(System.out, true);
    Database database = Database.open(DatabaseSettings.h2(Path.of(args[0])));
    database.migrate();
    Sql.execute(database.dataSource(),
        "CREATE TABLE IF NOT EXISTS kill_test (id BIGINT PRIMARY KEY, payload VARCHAR(300) NOT NULL)");
    AtomicLong ids = new AtomicLong();
    int threads = Integer.parseInt(args[1]);
    for (int i = 0; i < threads; i++) {
      new Thread(() -> {
        try (Connection connection = database.dataSource().getConnection();
            PreparedStatement insert = connection.prepareStatement("INSERT INTO kill_test VALUES (?, ?)")) {
          while (true) {
            long id = ids.incrementAndGet();
            insert.setLong(1, id);
            insert.setString(2, "x".repeat(300));
            insert.executeUpdate(); // auto-commit: returns once committed
            report.println("committed " + id + ".");
          }
        } catch (SQLException e) {
          e.printStackTrace();
          System.exit(1);
        }
      }, "writer-" + i).start();
    }
  }
}
