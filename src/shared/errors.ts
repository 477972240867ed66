// The one error convention (README, "Architecture"): an expected refusal is a value, a result
// union the caller must handle ({ status: 'not_preparer' }, { refused: 'checkin.not_open' }).
// AppError is only for a file that cannot be parsed (a roster, a task sheet, a material), thrown
// by the parser and turned into a sentence at the CLI or HTTP edge that read the file. Anything
// else thrown is a fault: logged, and never shown to a member as a stack trace.
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
