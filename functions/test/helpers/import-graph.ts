/**
 * The two checks both layering tests make of an import graph (functions/src in test/repo/layering.test.ts, the
 * client kit in client/test/kit-layers.test.ts): each file maps to the local files it imports, type-only imports
 * included; a layer function says how low a file sits.
 */
export type ImportGraph = ReadonlyMap<string, readonly string[]>;

/** Every arrow from a file to a file in a higher layer, as `from → to` (an import of a missing file throws). */
export function upwardImports(graph: ImportGraph, layerOf: (file: string) => number): string[] {
  const upward: string[] = [];
  for (const [file, imports] of graph) {
    for (const target of imports) {
      if (!graph.has(target)) throw new Error(`${file} imports ${target}, which does not exist`);
      if (layerOf(target) > layerOf(file)) upward.push(`${file} → ${target}`);
    }
  }
  return upward;
}

/** Every import circle found by a depth-first walk, as `a → b → a`. */
export function importCircles(graph: ImportGraph): string[] {
  const circles: string[] = [];
  const state = new Map<string, "open" | "done">();
  const visit = (file: string, trail: string[]) => {
    if (state.get(file) === "done") return;
    if (state.get(file) === "open") {
      circles.push([...trail.slice(trail.indexOf(file)), file].join(" → "));
      return;
    }
    state.set(file, "open");
    for (const target of graph.get(file) ?? []) visit(target, [...trail, file]);
    state.set(file, "done");
  };
  for (const file of graph.keys()) visit(file, []);
  return circles;
}
