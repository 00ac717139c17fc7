/**
 * Just enough typing for `vite` and `@vitejs/plugin-react`: both ship ESM-only type entry points
 * that the repo's `moduleResolution: node` cannot resolve. Used by vite.config.ts and the browser test.
 */
declare module 'vite' {
  export interface ProxyOptions { target: string; changeOrigin?: boolean }
  export interface UserConfig {
    root?: string;
    configFile?: string | false;
    logLevel?: 'info' | 'warn' | 'error' | 'silent';
    plugins?: unknown[];
    resolve?: { alias?: Record<string, string> };
    css?: { lightningcss?: { errorRecovery?: boolean } };
    build?: { outDir?: string; emptyOutDir?: boolean };
    server?: { port?: number; host?: string; proxy?: Record<string, ProxyOptions> };
    preview?: { port?: number; host?: string; strictPort?: boolean; proxy?: Record<string, ProxyOptions> };
  }
  export interface PreviewServer {
    resolvedUrls: { local: string[]; network: string[] } | null;
    close(): Promise<void>;
  }
  export function defineConfig(config: UserConfig): UserConfig;
  export function preview(inlineConfig?: UserConfig): Promise<PreviewServer>;
}

declare module '@vitejs/plugin-react' {
  export default function react(options?: Record<string, unknown>): unknown;
}

declare module '*.css';
