// Vite (and so vitest) imports any file as its text with the `?raw` suffix; this tells
// TypeScript what such an import is.
declare module '*?raw' {
  const text: string;
  export default text;
}
