package io.parley.http.testing;

import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.SipListener;
import javax.sip.TransactionTerminatedEvent;

/** A caller's phone hears the node's requests and responses; the stack's housekeeping events mean nothing to it. */
public interface PhoneListener extends SipListener {
  @Override
  default void processIOException(IOExceptionEvent event) {}

  @Override
  default void processTransactionTerminated(TransactionTerminatedEvent event) {}

  @Override
  default void processDialogTerminated(DialogTerminatedEvent event) {}
}
