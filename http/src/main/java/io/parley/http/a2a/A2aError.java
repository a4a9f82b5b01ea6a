package io.parley.http.a2a;

/**
 * A JSON-RPC error as A2A 1.0's JSON-RPC binding numbers it: JSON-RPC 2.0's own codes, and A2A's from -32001 on
 * (specification, "JSON-RPC error codes").
 */
record A2aError(int code, String message) {
  static final int PARSE_ERROR = -32700;
  static final int INVALID_REQUEST = -32600;
  static final int METHOD_NOT_FOUND = -32601;
  static final int INVALID_PARAMS = -32602;
  static final int INTERNAL_ERROR = -32603;
  static final int TASK_NOT_FOUND = -32001;
  static final int CONTENT_TYPE_NOT_SUPPORTED = -32005;

  static A2aError invalidParams(String message) {
    return new A2aError(INVALID_PARAMS, message);
  }
}
