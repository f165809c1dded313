import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.ts";

describe("loadConfig", () => {
  it("has working defaults", () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(8080);
    expect(config.HOST).toBe("127.0.0.1");
    expect(config.DATA_DIR).toBe("./data");
    expect(config.FAUCET_AMOUNT).toBe(1_000_000n);
    expect(config.PAPER_BANKROLL).toBe(10_000_000_000n);
  });

  it("parses amounts exactly", () => {
    expect(loadConfig({ FAUCET_AMOUNT: "0.25" }).FAUCET_AMOUNT).toBe(250_000n);
  });

  it("names every bad variable at once", () => {
    const bad = { PORT: "99999", FAUCET_AMOUNT: "0.0000001", LOG_LEVEL: "loud", RATE_LIMIT_PER_KEY_PER_MINUTE: "-1" };
    expect(() => loadConfig(bad)).toThrow(ConfigError);
    try {
      loadConfig(bad);
    } catch (error) {
      const message = (error as Error).message;
      for (const name of Object.keys(bad)) expect(message).toContain(name);
    }
  });

  it("takes a PostgreSQL URL and refuses anything else, naming DATABASE_URL", () => {
    expect(loadConfig({ DATABASE_URL: "postgres://pf@localhost:5432/pf" }).DATABASE_URL).toBe("postgres://pf@localhost:5432/pf");
    expect(() => loadConfig({ DATABASE_URL: "mysql://localhost/pf" })).toThrow(/DATABASE_URL/);
  });
});
