package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** User ids are personal data and logs outlive an erasure: the access log leaves them out of the path. */
class AccessLogPathTest {
  @Test
  void aUserIdIsLeftOutOfTheLoggedPath() {
    assertEquals("/v1/users/-/memory", ParleyRoutes.loggedPath("/v1/users/ada@example.com/memory"));
    assertEquals("/v1/users/-/export", ParleyRoutes.loggedPath("/v1/users/cust-42/export"));
    assertEquals("/v1/users/-", ParleyRoutes.loggedPath("/v1/users/cust-42"));
  }

  @Test
  void otherPathsAreLoggedAsTheyAre() {
    assertEquals("/v1/sessions/6f1c0c7e/messages", ParleyRoutes.loggedPath("/v1/sessions/6f1c0c7e/messages"));
    assertEquals("/v1/chat/ws", ParleyRoutes.loggedPath("/v1/chat/ws"));
  }
}
