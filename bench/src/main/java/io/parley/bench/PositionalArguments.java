package io.parley.bench;

/** A benchmark's command line of positional arguments, each with its default where the line stops before it. */
record PositionalArguments(String[] args) {
  String text(int index, String fallback) {
    return args.length > index ? args[index] : fallback;
  }

  int number(int index, int fallback) {
    return args.length > index ? Integer.parseInt(args[index]) : fallback;
  }

  long longNumber(int index, long fallback) {
    return args.length > index ? Long.parseLong(args[index]) : fallback;
  }
}
