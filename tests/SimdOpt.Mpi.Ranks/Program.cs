using System.Globalization;
using SimdOpt.Mpi;
using SimdOpt.Mpi.Ranks;

// Every rank of an MPI job runs this program (mpirun -np N dotnet SimdOpt.Mpi.Ranks.dll <command> ...):
//   check <steps> <none|mean> [scaler]  step the trajectory sharded (with a growing and backing-off GradScaler when
//                                    "scaler" is given), compare every bit with one process stepping it whole
//   save <directory> <steps>         step, then save a sharded checkpoint
//   resume <directory> <saved> <more> load it (saved by any number of ranks), step on, compare with one process
//   bench <elements> <steps>         time sharded AdamW steps over one tensor; rank 0 prints the median
// Each rank prints one line; any difference or failure exits 1.
using var world = MpiCommunicator.Initialize();
var at = CultureInfo.InvariantCulture;
string command = args.Length > 0 ? args[0] : "";
try
{
    switch (command)
    {
        case "check":
            {
                int steps = int.Parse(args[1], at);
                var reduction = args[2] == "mean" ? GradientReduction.Mean : GradientReduction.None;
                bool dynamicScale = args.Length > 3 && args[3] == "scaler";
                var p = Trajectory<float>.InitialParameters();
                var optimizer = new ShardedOptimizer<float>(Trajectory<float>.Hyperparameters(),
                    Trajectory<float>.TensorLengths, world);
                var scaler = dynamicScale ? Trajectory<float>.DynamicScaler() : null;
                Trajectory<float>.StepSharded(optimizer, p, 1, steps, reduction, scaler);
                var reference = Trajectory<float>.OneProcess(steps,
                    reduction == GradientReduction.Mean ? world.Size : 0, dynamicScale);
                string scale = dynamicScale ? ", loss scale " + scaler!.Scale.ToString(at) : "";
                string what = $"{steps} steps ({args[2]}{scale})";
                return Report(world, Trajectory<float>.Compare(optimizer, p, reference), what);
            }
        case "save":
            {
                int steps = int.Parse(args[2], at);
                var p = Trajectory<float>.InitialParameters();
                var optimizer = new ShardedOptimizer<float>(Trajectory<float>.Hyperparameters(),
                    Trajectory<float>.TensorLengths, world);
                Trajectory<float>.StepSharded(optimizer, p, 1, steps, GradientReduction.None);
                optimizer.Save(args[1], p);
                Console.WriteLine($"rank {world.Rank} of {world.Size}: saved {steps} steps to {args[1]}");
                return 0;
            }
        case "resume":
            {
                int saved = int.Parse(args[2], at), more = int.Parse(args[3], at);
                var p = new float[Trajectory<float>.ElementCount];
                var optimizer = new ShardedOptimizer<float>(Trajectory<float>.Hyperparameters(),
                    Trajectory<float>.TensorLengths, world);
                optimizer.Load(args[1], p);
                Trajectory<float>.StepSharded(optimizer, p, saved + 1, more, GradientReduction.None);
                var reference = Trajectory<float>.OneProcess(saved + more, 0);
                return Report(world, Trajectory<float>.Compare(optimizer, p, reference),
                    $"resumed {args[1]} after {saved} steps, {more} more");
            }
        case "bench":
            {
                int elements = int.Parse(args[1], at), steps = int.Parse(args[2], at);
                Console.WriteLine(Bench.Run(world, elements, steps));
                return 0;
            }
        default:
            Console.Error.WriteLine("usage: check <steps> <none|mean> [scaler] | save <dir> <steps> "
                + "| resume <dir> <saved> <more> | bench <elements> <steps>");
            return 2;
    }
}
catch (Exception e)
{
    Console.WriteLine($"rank {world.Rank} of {world.Size}: {e.GetType().Name}: {e.Message}");
    return 1;
}

static int Report(IRankCommunicator world, string? difference, string what)
{
    Console.WriteLine(difference is null
        ? $"rank {world.Rank} of {world.Size}: {what}: same bits as one process"
        : $"rank {world.Rank} of {world.Size}: {what}: DIFFERS at {difference}");
    return difference is null ? 0 : 1;
}
