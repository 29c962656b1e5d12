namespace SimdOpt.Cli;

/// <summary>A bad command-line argument found while running a command: printed as one line, exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
