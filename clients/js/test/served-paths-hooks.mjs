// Resolves `/client/<module>` to clients/js/src/<module> (see served-paths.mjs).
const SERVED = '/client/';
const SOURCES = new URL('../src/', import.meta.url);

export async function resolve(specifier, context, nextResolve) {
  if (specifier.startsWith(SERVED)) return nextResolve(new URL(specifier.slice(SERVED.length), SOURCES).href, context);
  return nextResolve(specifier, context);
}
