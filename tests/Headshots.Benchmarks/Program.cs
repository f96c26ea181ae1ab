using BenchmarkDotNet.Running;
using Headshots.Benchmarks;

// Every public class with [Benchmark] methods in this assembly is picked up; results are joined into one table so the
// "vs MatMul" column can relate each stage to the machine baseline measured in the same run.
// Quick run: dotnet run -c Release --project tests/Headshots.Benchmarks -- --filter '*' --job short
BenchmarkSwitcher.FromAssembly(typeof(BenchmarkConfig).Assembly).Run(args, BenchmarkConfig.Create());
