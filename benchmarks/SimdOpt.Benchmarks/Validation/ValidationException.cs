namespace SimdOpt.Benchmarks.Validation;

/// <summary>An implementation under benchmark computes something other than the generated scalar path.</summary>
/// <param name="message">What differs, and where.</param>
public sealed class ValidationException(string message) : Exception(message);
