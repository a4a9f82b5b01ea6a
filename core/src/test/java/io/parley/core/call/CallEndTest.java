package io.parley.core.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.parley.core.session.Channel;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CallEndTest {
  @Test
  void theReasonACallClosesItsSessionWithSaysHowItEnded() {
    for (CallEnd end : new CallEnd[] {CallEnd.CALLER_HUNG_UP, CallEnd.CALLER_VANISHED, CallEnd.TRANSFERRED,
        CallEnd.SHUTDOWN, CallEnd.TENANT_DISABLED, CallEnd.DROPPED, CallEnd.FAILED}) {
      assertEquals(end, CallEnd.ofCloseReason(end.closeReason()));
    }
    assertEquals("caller hung up", CallEnd.CALLER_HUNG_UP.closeReason(), "the close reason sessions had before");
  }

  @Test
  void aSessionThatClosedOnItsOwnEndedItsCallAsTheBot() {
    assertEquals(CallEnd.BOT_ENDED, CallEnd.ofCloseReason("closed by agent"));
    assertEquals(CallEnd.BOT_ENDED, CallEnd.ofCloseReason("idle"));
  }

  @Test
  void onlyAClosedPhoneSessionHasACallEnd() {
    assertEquals(Optional.of(CallEnd.CALLER_VANISHED), CallEnd.ofSession(Channel.PHONE, Optional.of("caller vanished")));
    assertEquals(Optional.empty(), CallEnd.ofSession(Channel.PHONE, Optional.empty()));
    assertEquals(Optional.empty(), CallEnd.ofSession(Channel.CHAT, Optional.of("caller hung up")));
  }

  @Test
  void refusalsHaveNoSessionToClose() {
    assertThrows(IllegalStateException.class, CallEnd.BUSY::closeReason);
    assertEquals("not_acceptable", CallEnd.NOT_ACCEPTABLE.wireName());
  }
}
