using BenchmarkDotNet.Running;
using SimdOpt.Benchmarks;
using SimdOpt.Benchmarks.Validation;

// --validate: check every implementation without timing anything. Otherwise BenchmarkDotNet's command line,
// e.g. --filter '*' for the whole suite, or --filter '*AdamWHeadline*' for issue 2's comparison.
if (args is ["--validate"]) return ValidateCommand.Run(Console.Out);
var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, SuiteConfig.Create(args));
bool failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success));
return failed ? 1 : 0;
