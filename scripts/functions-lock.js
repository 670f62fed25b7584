#!/usr/bin/env node
/**
 * functions/package-lock.json, derived from the workspace lock (package-lock.json).
 *
 * Cloud Build installs `functions/` alone, from functions/package.json, so without a lockfile of its own production
 * would resolve its own versions on every deploy. This derives that lockfile from the workspace lock — the same
 * package at the same version and integrity for every entry the functions workspace needs — so the deployable
 * unit installs exactly what the tests ran. Nothing is resolved anew: no registry is asked.
 *
 *   node scripts/functions-lock.js           write functions/package-lock.json
 *   node scripts/functions-lock.js --check   exit 1 when the committed file differs from the derivation
 *
 * `npm test` runs the check (functions/test/repo/deploy-lock.test.ts). After changing dependencies:
 * `npm install` at the root, then `npm run lock:functions`.
 */
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
const WORKSPACE = "functions";
const FLAGS = ["dev", "optional", "devOptional", "peer"];

/** The lockfile `npm ci` in functions/ alone needs, from the workspace lockfile's object. */
function deriveFunctionsLock(rootLock) {
  const packages = rootLock.packages;
  const workspace = packages[WORKSPACE];
  if (!workspace) throw new Error(`the workspace lock has no "${WORKSPACE}" entry`);

  /** Node's resolution: the nearest node_modules/<name> walking up from the dependent's folder. */
  const resolve = (from, name) => {
    let dir = from;
    for (;;) {
      const candidate = `${dir ? `${dir}/` : ""}node_modules/${name}`;
      if (packages[candidate] && !packages[candidate].link) return candidate;
      if (!dir) return undefined;
      const up = dir.lastIndexOf("/node_modules/");
      dir = up === -1 ? "" : dir.slice(0, up);
    }
  };

  const edgesOf = (location, entry, includeDev) => {
    const edges = [];
    const add = (deps, kind) => {
      for (const name of Object.keys(deps ?? {})) {
        const target = resolve(location, name);
        const optional = kind === "optional" || (kind === "peer" && entry.peerDependenciesMeta?.[name]?.optional);
        if (!target) {
          if (optional || kind === "peer") continue; // a platform-specific optional package, or an unmet peer
          throw new Error(`${location || WORKSPACE} needs ${name}, which the workspace lock does not hold`);
        }
        edges.push({ target, dev: kind === "dev", optional: Boolean(optional) });
      }
    };
    add(entry.dependencies, "prod");
    add(entry.optionalDependencies, "optional");
    add(entry.peerDependencies, "peer");
    if (includeDev) add(entry.devDependencies, "dev");
    return edges;
  };

  /** Locations reachable from the workspace through edges that `follow` accepts. */
  const reach = (follow) => {
    const seen = new Set();
    const stack = edgesOf(WORKSPACE, workspace, true).filter(follow).map((e) => e.target);
    while (stack.length) {
      const location = stack.pop();
      if (seen.has(location)) continue;
      seen.add(location);
      for (const edge of edgesOf(location, packages[location], false)) if (follow(edge)) stack.push(edge.target);
    }
    return seen;
  };
  const all = reach(() => true);
  const prodAll = reach((e) => !e.dev);
  const prodRequired = reach((e) => !e.dev && !e.optional);
  const required = reach((e) => !e.optional);

  const derived = {};
  for (const location of [...all].sort((a, b) => a.localeCompare(b, "en"))) {
    // The workspace's own nested copies become top-level in a folder of its own.
    const target = location.startsWith(`${WORKSPACE}/`) ? location.slice(WORKSPACE.length + 1) : location;
    if (derived[target]) throw new Error(`${target} is needed in two versions; run \`npm dedupe\` at the root`);
    const entry = { ...packages[location] };
    for (const flag of FLAGS) delete entry[flag];
    // npm's flags, recomputed for this smaller tree: what `npm ci --omit=dev` leaves out must be exactly the dev part.
    if (!prodRequired.has(location)) {
      if (!prodAll.has(location)) {
        entry.dev = true;
        if (!required.has(location)) entry.optional = true;
      } else if (required.has(location)) entry.devOptional = true;
      else entry.optional = true;
    }
    derived[target] = entry;
  }

  const { name, version, dependencies, devDependencies, optionalDependencies, peerDependencies, engines } = workspace;
  const top = { name, version, dependencies, devDependencies, optionalDependencies, peerDependencies, engines };
  for (const key of Object.keys(top)) if (top[key] === undefined) delete top[key];
  return { name, version, lockfileVersion: rootLock.lockfileVersion, requires: true, packages: { "": top, ...derived } };
}

const render = (lock) => `${JSON.stringify(lock, null, 2)}\n`;
const readJson = (file) => JSON.parse(fs.readFileSync(file, "utf8"));

function expectedText(root = ROOT) {
  return render(deriveFunctionsLock(readJson(path.join(root, "package-lock.json"))));
}

if (require.main === module) {
  const file = path.join(ROOT, WORKSPACE, "package-lock.json");
  const expected = expectedText();
  if (process.argv.includes("--check")) {
    const actual = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
    if (actual !== expected) {
      process.stderr.write(`${path.relative(ROOT, file)} is out of step with package-lock.json: run \`npm run lock:functions\`\n`);
      process.exit(1);
    }
    process.stdout.write(`${path.relative(ROOT, file)} is in step with package-lock.json\n`);
  } else {
    fs.writeFileSync(file, expected);
    process.stdout.write(`wrote ${path.relative(ROOT, file)} (${Object.keys(JSON.parse(expected).packages).length - 1} packages)\n`);
  }
}

module.exports = { deriveFunctionsLock, expectedText, render };
