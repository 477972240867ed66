// Domain errors with stable codes; one edge (the conversation layer) turns a code into a
// kind Vietnamese sentence. Never show a stack trace to a member.
export class AppError extends Error {
  constructor(
    readonly code: string,
    message?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message ?? code);
    this.name = 'AppError';
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
