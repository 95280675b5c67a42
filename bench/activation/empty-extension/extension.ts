// The baseline of the activation bench: the cost VS Code itself adds to activating any extension.
export function activate(): void {
  // Intentionally empty.
}
