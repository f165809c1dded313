import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// A static build the server serves at `/`; `npm install` runs it (the root's prepare script).
export default defineConfig({
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, chunkSizeWarningLimit: 1_000 },
});
