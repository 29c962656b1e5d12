using System.Diagnostics;
using SimdOpt.Kernels;
using SimdOpt.Precision;
using SimdOpt.Training;

namespace SimdOpt.Cli.Learning;

/// <summary>
/// Trains a classifier on the digits in mini-batches through a <see cref="LowPrecisionOptimizer"/>, its parameters,
/// gradients and state stored as a <see cref="PrecisionStorage"/> says. The model computes in float32: bfloat16
/// parameters are widened for each forward pass (exactly), and its float32 gradient is narrowed into the stored one.
/// </summary>
internal static class StorageTrainer
{
    /// <summary>
    /// Trains for <paramref name="epochs"/> passes over <paramref name="train"/> in batches of
    /// <see cref="BatchScheme.MiniBatch"/>, from the parameters and image order <paramref name="seed"/> gives (the
    /// same for every storage), one thread.
    /// </summary>
    public static StorageTrainingResult Train(IClassifier model, DigitsSet train, DigitsSet test,
        PrecisionStorage storage, OptimizerHyperparameters hyperparameters, int epochs, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epochs);
        var model32 = new float[model.ParameterCount];
        model.Initialize(model32, new Random(seed));
        var gradient32 = new float[model32.Length];
        var stored = new StoredModel(storage.Values, model32, gradient32);
        var optimizer = new LowPrecisionOptimizer(hyperparameters, storage.Options) { MaxDegreeOfParallelism = 1 };
        optimizer.AddGroup([stored.Parameter]);
        double bytesPerParameter = (optimizer.OwnedBytes + stored.Bytes) / (double)model32.Length;

        var scheme = BatchScheme.MiniBatch;
        int n = train.Count, batch = scheme.SizeFor(n), stepsPerEpoch = (n + batch - 1) / batch;
        int curveEvery = Math.Max(1, stepsPerEpoch / Trainer.CurvePointsPerEpoch);
        var order = Enumerable.Range(0, n).ToArray();
        var shuffle = new Random(seed ^ 0x5EED);
        var epochsAt = new List<double> { 0 };
        var losses = new List<double> { Evaluation.Loss(model, model32, train) };
        var wall = new Stopwatch();
        var stepTicks = new List<long>();
        long step = 0;
        bool finite = true;
        for (int epoch = 0; epoch < epochs && finite; epoch++)
        {
            shuffle.Shuffle(order);
            for (int start = 0; start < n && finite; start += batch)
            {
                wall.Start();
                finite = double.IsFinite(model.LossAndGradient(model32, train,
                    order.AsSpan(start, Math.Min(batch, n - start)), gradient32));
                stored.StoreGradient();
                long before = Stopwatch.GetTimestamp();
                optimizer.Step();
                stepTicks.Add(Stopwatch.GetTimestamp() - before);
                stored.LoadValues();
                wall.Stop();
                step++;
                if (finite && (step % curveEvery == 0 || (epoch == epochs - 1 && start + batch >= n)))
                {
                    double loss = Evaluation.Loss(model, model32, train);
                    finite = double.IsFinite(loss);
                    epochsAt.Add((double)step / stepsPerEpoch);
                    losses.Add(loss);
                }
            }
        }
        var run = new TrainingResult(model.Name, storage.Label, scheme, step, [.. epochsAt], [.. losses],
            finite ? losses[^1] : double.NaN, Evaluation.Accuracy(model, model32, test), wall.Elapsed, !finite);
        // The median, not the mean: the first steps include compiling the kernels.
        stepTicks.Sort();
        var median = stepTicks.Count == 0 ? TimeSpan.Zero
            : Stopwatch.GetElapsedTime(0, stepTicks[stepTicks.Count / 2]);
        return new StorageTrainingResult(storage, run, bytesPerParameter, median);
    }

    /// <summary>The model's parameters and gradient in their storage, and the float32 copies the model computes
    /// with.</summary>
    private sealed class StoredModel
    {
        private readonly float[] _values32;
        private readonly float[] _gradient32;
        private readonly BFloat16[]? _values16;
        private readonly BFloat16[]? _gradient16;

        public StoredModel(StorageKind kind, float[] values32, float[] gradient32)
        {
            _values32 = values32;
            _gradient32 = gradient32;
            if (kind == StorageKind.Float32)
            {
                Parameter = new StoredParameter(values32, gradient32);
                Bytes = 8L * values32.Length;
                return;
            }
            _values16 = new BFloat16[values32.Length];
            _gradient16 = new BFloat16[values32.Length];
            BFloat16Codec.Narrow(values32, _values16);
            LoadValues();
            Parameter = new StoredParameter(_values16, _gradient16);
            Bytes = 4L * values32.Length;
        }

        /// <summary>What the optimizer steps.</summary>
        public StoredParameter Parameter { get; }

        /// <summary>The bytes of the stored parameters and gradient.</summary>
        public long Bytes { get; }

        /// <summary>Narrows the model's gradient into the stored one (nothing to do in float32).</summary>
        public void StoreGradient()
        {
            if (_gradient16 is not null) BFloat16Codec.Narrow(_gradient32, _gradient16);
        }

        /// <summary>Widens the stored parameters for the model (nothing to do in float32).</summary>
        public void LoadValues()
        {
            if (_values16 is not null) BFloat16Codec.Widen(_values16, _values32);
        }
    }
}
