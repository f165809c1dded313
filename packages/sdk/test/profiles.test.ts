import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadProfile, profilesPath, saveProfile } from "../src/node.ts";

const folder = mkdtempSync(join(tmpdir(), "purpleflea-profiles-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const agent = { api_key: "pf_live_a", agent_id: "agt_a", username: "a" };

describe("the local profile file", () => {
  it("is PURPLE_FLEA_PROFILES, else under XDG_CONFIG_HOME, else under ~/.config", () => {
    expect(profilesPath({ PURPLE_FLEA_PROFILES: "/x/p.json", XDG_CONFIG_HOME: "/cfg" })).toBe("/x/p.json");
    expect(profilesPath({ XDG_CONFIG_HOME: "/cfg" })).toBe("/cfg/purpleflea/profiles.json");
    expect(profilesPath({})).toBe(join(homedir(), ".config", "purpleflea", "profiles.json"));
  });

  it("keeps one agent per server root, a trailing slash aside, and leaves the others", () => {
    const env = { XDG_CONFIG_HOME: join(folder, "config") };
    expect(loadProfile("http://127.0.0.1:8080", env)).toBeUndefined();
    saveProfile("http://127.0.0.1:8080/", agent, env);
    saveProfile("http://127.0.0.1:9090", { ...agent, username: "b" }, env);
    expect(loadProfile("http://127.0.0.1:8080", env)).toEqual(agent);
    expect(loadProfile("http://127.0.0.1:9090/", env)?.username).toBe("b");
  });

  it("refuses a file that is not a profiles file, naming it", () => {
    const path = join(folder, "other.json");
    writeFileSync(path, '{"name":"something else"}');
    expect(() => loadProfile("http://127.0.0.1:8080", { PURPLE_FLEA_PROFILES: path })).toThrow(
      `${path} is not a Purple Flea profiles file`,
    );
  });
});
