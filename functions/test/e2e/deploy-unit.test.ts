/**
 * The deployable unit installs and loads on its own, as Cloud Build and `docker build` see it:
 *
 * - what `firebase deploy` uploads — the functions source minus firebase.json's `ignore` list, listed by
 *   firebase-tools' own file walker — copied to an empty directory, installed as Cloud Build does (`npm ci`,
 *   production only, from the unit's own lockfile), then `lib/index.js` loaded there in a fresh process: every
 *   trigger is found with its options;
 * - the Dockerfile's steps run the same way without Docker: each stage in an empty directory, its COPY and RUN
 *   steps as written, and the final CMD started and asked for /health.
 *
 * Installs come from this machine's npm cache (`--prefer-offline`); nothing else is fetched. What only a real
 * deploy can show is in docs/deploy.md ("What the deploy check proves").
 */
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { JOB_NAMES, JOBS } from "../../src/ops/jobs";

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS script or a library module with no types, loaded as it ships
const { readdirRecursive } = require("firebase-tools/lib/fsAsync") as {
  readdirRecursive(options: { path: string; ignoreStrings: string[] }): Promise<Array<{ name: string }>>;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS script or a library module with no types, loaded as it ships
const { freePort } = require("../../../scripts/emulators.js");

jest.setTimeout(600_000);

const ROOT = path.resolve(__dirname, "../../..");
const FUNCTIONS = path.join(ROOT, "functions");
// npm reads settings from the environment: serve from the cache, ask no audit or funding questions.
const NPM_ENV = { ...process.env, npm_config_prefer_offline: "true", npm_config_audit: "false", npm_config_fund: "false", npm_config_update_notifier: "false" };

let scratch: string;
beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "bms-deploy-unit-"));
});
afterAll(() => {
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

function copyInto(dir: string, files: Array<{ from: string; to: string }>): void {
  for (const { from, to } of files) {
    fs.mkdirSync(path.dirname(path.join(dir, to)), { recursive: true });
    fs.copyFileSync(from, path.join(dir, to));
  }
}

describe("firebase deploy's upload", () => {
  let unit: string;
  let uploaded: string[];

  beforeAll(async () => {
    const config = JSON.parse(fs.readFileSync(path.join(ROOT, "firebase.json"), "utf8")) as { functions: Array<{ source: string; ignore: string[] }> };
    const [functionsConfig] = config.functions;
    expect(functionsConfig.source).toBe("functions");
    // firebase-tools adds these to the configured list (deploy/functions/prepareFunctionsUpload.js).
    const ignore = [...functionsConfig.ignore, "firebase-debug.log", "firebase-debug.*.log", ".runtimeconfig.json"];
    const files = await readdirRecursive({ path: FUNCTIONS, ignoreStrings: ignore });
    uploaded = files.map((file) => path.relative(FUNCTIONS, file.name)).sort();
    unit = path.join(scratch, "upload");
    copyInto(unit, uploaded.map((file) => ({ from: path.join(FUNCTIONS, file), to: file })));
  });

  test("holds the built code, the manifest and its own lockfile; no sources, tests or local settings", () => {
    expect(uploaded).toEqual(expect.arrayContaining(["package.json", "package-lock.json", "lib/index.js", "lib/app.js", "lib/server.js"]));
    const unexpected = uploaded.filter((file) => !/^lib\/.+\.js(\.map)?$/.test(file) && !["package.json", "package-lock.json"].includes(file));
    expect(unexpected).toEqual([]);
  });

  test("installs with npm ci, production only, and lib/index.js exports every trigger with its options", () => {
    execFileSync("npm", ["ci", "--omit=dev"], { cwd: unit, env: NPM_ENV, stdio: "pipe" });
    expect(fs.existsSync(path.join(unit, "node_modules/typescript"))).toBe(false);
    const installed = JSON.parse(fs.readFileSync(path.join(unit, "node_modules/.package-lock.json"), "utf8")) as { packages: Record<string, { version: string }> };
    const locked = JSON.parse(fs.readFileSync(path.join(FUNCTIONS, "package-lock.json"), "utf8")) as { packages: Record<string, { version: string }> };
    for (const name of ["express", "firebase-admin", "firebase-functions", "zod"]) {
      expect(installed.packages[`node_modules/${name}`].version).toBe(locked.packages[`node_modules/${name}`].version);
    }
    // A fresh process in the unit's own folder: only its node_modules can satisfy a require.
    const script = `const triggers = require("./lib/index.js");
      console.log(JSON.stringify(Object.fromEntries(Object.entries(triggers).map(([name, t]) => [name, t.__endpoint]))));`;
    const out = execFileSync(process.execPath, ["-e", script], { cwd: unit, env: { PATH: process.env.PATH, GCLOUD_PROJECT: "demo-breath-master" }, encoding: "utf8" });
    const endpoints = JSON.parse(out) as Record<string, Record<string, unknown>>;
    // The API and one scheduled trigger per entry of the job table.
    expect(Object.keys(endpoints).sort()).toEqual(["api", ...JOB_NAMES.map((job) => JOBS[job].trigger)].sort());
    expect(Object.keys(endpoints)).toEqual(expect.arrayContaining(["api", "publishChallenges", "purgeExpired", "rebuildLeaderboards", "takeDailyStats"]));
    const secrets = expect.arrayContaining([expect.objectContaining({ key: "ADMIN_API_KEY" }), expect.objectContaining({ key: "USER_ID_PEPPER" })]);
    expect(endpoints.api).toMatchObject({
      platform: "gcfv2",
      region: ["us-central1"],
      httpsTrigger: { invoker: ["public"] },
      concurrency: 80,
      maxInstances: 10,
      availableMemoryMb: 256,
      timeoutSeconds: 30,
      secretEnvironmentVariables: secrets,
    });
    expect(endpoints.rebuildLeaderboards).toMatchObject({ region: ["us-central1"], scheduleTrigger: { schedule: "every 5 minutes" }, timeoutSeconds: 120 });
    expect(endpoints.publishChallenges).toMatchObject({ scheduleTrigger: { schedule: "every 60 minutes", timeZone: "UTC" }, timeoutSeconds: 60 });
    expect(endpoints.purgeExpired).toMatchObject({ scheduleTrigger: { schedule: "every day 03:30", timeZone: "UTC" }, timeoutSeconds: 300 });
    expect(endpoints.takeDailyStats).toMatchObject({ scheduleTrigger: { schedule: "every day 00:15", timeZone: "UTC" }, timeoutSeconds: 120 });
  });
});

// ---- The Dockerfile, step by step, without Docker -------------------------------------------------------------

type Step = { instruction: string; args: string };

function dockerfileStages(): Array<{ name?: string; steps: Step[] }> {
  const lines = fs
    .readFileSync(path.join(ROOT, "Dockerfile"), "utf8")
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"));
  const stages: Array<{ name?: string; steps: Step[] }> = [];
  for (const line of lines) {
    const [, instruction, args] = /^(\w+)\s+(.*)$/.exec(line) ?? [];
    if (instruction === "FROM") stages.push({ name: /\sAS\s+(\S+)/i.exec(args)?.[1], steps: [] });
    else stages.at(-1)!.steps.push({ instruction, args });
  }
  return stages;
}

/** The build context as Docker sends it: the repository minus .dockerignore. */
function contextFiles(source: string): string[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS script or a library module with no types, loaded as it ships
  const minimatch = require("minimatch") as (p: string, pattern: string, options?: object) => boolean;
  const patterns = fs
    .readFileSync(path.join(ROOT, ".dockerignore"), "utf8")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"));
  const ignored = (relative: string) => patterns.some((pattern) => minimatch(relative, pattern, { dot: true }) || minimatch(relative, `${pattern}/**`, { dot: true }));
  const walk = (relative: string): string[] => {
    if (ignored(relative)) return [];
    const full = path.join(ROOT, relative);
    if (!fs.statSync(full).isDirectory()) return [relative];
    return fs.readdirSync(full).flatMap((name) => walk(path.join(relative, name)));
  };
  return walk(source);
}

test("the Dockerfile's stages build and install in empty directories, and the image's CMD serves /health", async () => {
  const stages = dockerfileStages();
  expect(stages.map((stage) => stage.name)).toEqual(["build", undefined]);
  const roots = new Map<string, string>();
  let cmd: string[] = [];
  let finalRoot = "";
  let finalWorkdir = "";
  let finalEnv: Record<string, string> = {};
  for (const [index, stage] of stages.entries()) {
    // Each stage's filesystem is an empty directory; WORKDIR and COPY targets live inside it.
    const root = path.join(scratch, `docker-stage-${index}`);
    fs.mkdirSync(root, { recursive: true });
    if (stage.name) roots.set(stage.name, root);
    let workdir = root;
    const env: Record<string, string> = {};
    for (const { instruction, args } of stage.steps) {
      if (instruction === "WORKDIR") {
        workdir = path.join(root, args);
        fs.mkdirSync(workdir, { recursive: true });
      } else if (instruction === "ENV") {
        for (const [, key, value] of args.matchAll(/(\w+)=(\S+)/g)) env[key] = value;
      } else if (instruction === "COPY") {
        const from = /--from=(\S+)/.exec(args)?.[1];
        const parts = args.replace(/--\S+/g, "").trim().split(/\s+/);
        const dest = parts.pop()!;
        const target = path.isAbsolute(dest) ? path.join(root, dest) : path.join(workdir, dest);
        for (const source of parts) {
          const base = from ? path.join(roots.get(from)!, source) : path.join(ROOT, source);
          const files = from ? fs.readdirSync(base, { recursive: true }).map(String).filter((f) => fs.statSync(path.join(base, f)).isFile()).map((f) => path.join(source, f)) : contextFiles(source);
          expect(files.length).toBeGreaterThan(0);
          for (const file of files) {
            const relative = path.relative(source, file);
            const to = dest.endsWith("/") && !relative ? path.join(target, path.basename(file)) : path.join(target, relative || "");
            fs.mkdirSync(path.dirname(to), { recursive: true });
            fs.copyFileSync(from ? path.join(roots.get(from)!, file) : path.join(ROOT, file), to);
          }
        }
      } else if (instruction === "RUN") {
        const command = args.replace(/--mount=\S+\s*/g, "");
        execFileSync("sh", ["-c", command], { cwd: workdir, env: { ...NPM_ENV, ...env }, stdio: "pipe" });
      } else if (instruction === "CMD") {
        cmd = JSON.parse(args) as string[];
      } else {
        expect(["USER", "EXPOSE"]).toContain(instruction);
      }
    }
    finalRoot = root;
    finalWorkdir = workdir;
    finalEnv = env;
  }
  expect(fs.existsSync(path.join(finalWorkdir, "node_modules/typescript"))).toBe(false);
  expect(fs.existsSync(path.join(finalRoot, "app/lib/server.js"))).toBe(true);

  expect(cmd[0]).toBe("node");
  const port: number = await freePort();
  const server = spawn(process.execPath, cmd.slice(1), {
    cwd: finalWorkdir,
    env: {
      PATH: process.env.PATH,
      ...finalEnv,
      PORT: String(port),
      GCLOUD_PROJECT: "demo-breath-master",
      METADATA_SERVER_DETECTION: "none",
      USER_ID_PEPPER: "docker-steps-pepper-0123456789",
      ADMIN_API_KEY: "docker-steps-admin-key-0123",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.stdout.on("data", (chunk: Buffer) => chunk.toString().includes('"listening"') && resolve());
      server.once("exit", (code) => reject(new Error(`the image's CMD exited with ${code}`)));
    });
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
    expect(res.status).toBe(200);
  } finally {
    const exited = new Promise((resolve) => server.once("exit", resolve));
    server.kill("SIGTERM");
    await exited;
  }
});
