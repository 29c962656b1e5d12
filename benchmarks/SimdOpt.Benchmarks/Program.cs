using BenchmarkDotNet.Running;
using SimdOpt.Benchmarks;
using SimdOpt.Benchmarks.Reporting;
using SimdOpt.Benchmarks.Validation;

// --validate: check every implementation without timing anything. --report FOLDER [--into FILE]: turn a run's CSV
// reports into docs/benchmarks.md's results section. Otherwise BenchmarkDotNet's command line, e.g. --filter '*' for
// the whole suite, or --filter '*AdamWHeadline*' for issue 2's comparison.
if (args is ["--validate"]) return ValidateCommand.Run(Console.Out);
if (args is ["--report", var folder]) return ResultsReport.Run(folder, null, Console.Out);
if (args is ["--report", var results, "--into", var file]) return ResultsReport.Run(results, file, Console.Out);
var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, SuiteConfig.Create(args));
bool failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success));
return failed ? 1 : 0;
