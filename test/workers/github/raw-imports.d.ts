// Vite's `?raw` suffix imports a file's exact text: signature tests need the bytes GitHub signed.
declare module '*?raw' {
  const text: string;
  export default text;
}
