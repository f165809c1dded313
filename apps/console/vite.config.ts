import react from "@vitejs/plugin-react";
import { defaultClientConditions, defineConfig } from "vite";

// A static build the server serves at `/` and ships in its npm package (`packages/server/console`);
// `npm install` runs it (the root's prepare script). It reads the SDK and protocol from their sources.
export default defineConfig({
  plugins: [react()],
  resolve: { conditions: ["@purpleflea/source", ...defaultClientConditions] },
  build: { outDir: "../../packages/server/console", emptyOutDir: true, chunkSizeWarningLimit: 1_000 },
});
