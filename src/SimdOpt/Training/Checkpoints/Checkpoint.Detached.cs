using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;
using System.Numerics;
using SimdOpt.Kernels;

namespace SimdOpt.Training;

// Reading a checkpoint without the optimizer it was saved from, for tools that convert checkpoints (the CLI's
// `checkpoint export-torch`): the optimizer section describes its layout, which builds a matching optimizer.
public static partial class Checkpoint
{
    /// <summary>
    /// The optimizer a checkpoint file was saved from, rebuilt without the code that made it: the same optimizer,
    /// element type, groups and tensor lengths, over new parameter and gradient arrays, loaded from the file — to
    /// inspect or convert a checkpoint (<c>simdopt checkpoint export-torch</c>). The scheduler and loss scaler sections
    /// are covered by the CRC, which is checked, but not read.
    /// </summary>
    /// <param name="path">The checkpoint file.</param>
    /// <param name="hasParameters">Whether the checkpoint holds the parameter values (otherwise they are zero).</param>
    /// <param name="hasOtherState">Whether it holds a scheduler's or loss scaler's state as well.</param>
    /// <exception cref="ArgumentException">The path is null or empty.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="InvalidDataException">The checkpoint is truncated or corrupt, of another version, or its
    /// optimizer is not registered here.</exception>
    public static Optimizer LoadDetachedFile(string path, out bool hasParameters, out bool hasOtherState)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return LoadDetached(File.ReadAllBytes(path), out hasParameters, out hasOtherState);
    }

    /// <summary>As <see cref="LoadDetachedFile"/>, from the checkpoint's bytes.</summary>
    internal static Optimizer LoadDetached(byte[] checkpoint, out bool hasParameters,
        out bool hasOtherState)
    {
        if (checkpoint.Length < Magic.Length + 4)
            throw new InvalidDataException("The checkpoint ends early: it is truncated.");
        var content = checkpoint.AsSpan(0, checkpoint.Length - 4);
        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(checkpoint.AsSpan(checkpoint.Length - 4));
        uint computed = Crc32.HashToUInt32(content);
        if (stored != computed)
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"The checkpoint is corrupt: its stored CRC-32 is {stored:X8} but its content's is {computed:X8}."));

        var layout = SavedLayout.Read(OpenOptimizerSection(checkpoint));
        if (!OptimizerRegistry.TryGet(layout.Name, out var info))
            throw new InvalidDataException(
                $"The checkpoint was saved by optimizer '{layout.Name}', which is not registered here.");
        Optimizer optimizer = layout.ElementSize == sizeof(float)
            ? Build<float>(info, layout.TensorLengths)
            : Build<double>(info, layout.TensorLengths);
        var reader = OpenOptimizerSection(checkpoint);
        optimizer.ReadCheckpoint(reader)();
        hasOtherState = reader.ReadBoolean();
        hasOtherState |= !hasOtherState && reader.ReadBoolean();
        hasParameters = layout.HasParameters;
        return optimizer;
    }

    private static CheckpointReader OpenOptimizerSection(byte[] checkpoint)
    {
        var reader = new CheckpointReader(new MemoryStream(checkpoint, writable: false));
        ReadHeader(reader);
        return reader;
    }

    private static Optimizer<T> Build<T>(OptimizerInfo info, int[][] tensorLengths)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var optimizer = new Optimizer<T>(info.Create());
        foreach (int[] group in tensorLengths)
            optimizer.AddGroup(group.Select(length => new Parameter<T>(new T[length], new T[length])));
        return optimizer;
    }

    /// <summary>What a checkpoint's optimizer section says of its shape, read past everything else (the fields as
    /// <see cref="Optimizer{T}"/> writes them; the section is then read whole by the optimizer built from
    /// this).</summary>
    private sealed record SavedLayout(int ElementSize, string Name, bool HasParameters, int[][] TensorLengths)
    {
        public static SavedLayout Read(CheckpointReader reader)
        {
            int elementSize = reader.ReadByte();
            if (elementSize is not (sizeof(float) or sizeof(double)))
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                    $"The checkpoint is corrupt: it holds {elementSize}-byte elements."));
            string name = reader.ReadString();
            int hyperparameters = reader.ReadNames().Length, flags = reader.ReadNames().Length;
            string[] stateNames = reader.ReadNames();
            int states = stateNames.Length, stepStates = reader.ReadNames().Length;
            bool hasParameters = reader.ReadBoolean();
            reader.ReadByte(); // the mode (format 3), which the optimizer's own reader checks
            var groups = new int[reader.ReadCount("parameter groups", int.MaxValue)][];
            byte[] skip = new byte[1 << 16];
            for (int g = 0; g < groups.Length; g++)
            {
                reader.ReadDoubles(hyperparameters, "hyperparameters");
                for (int f = 0; f < flags; f++) reader.ReadBoolean();
                reader.ReadInt64();
                reader.ReadInt64();
                reader.ReadDoubles(stepStates, "per-step states");
                int initialValues = reader.ReadCount("initial values", hyperparameters);
                for (int i = 0; i < initialValues; i++)
                {
                    reader.ReadString();
                    reader.ReadDouble();
                }
                // Only full-precision checkpoints are read detached (a LowPrecisionOptimizer's are refused here).
                var storage = StorageCheckpoint.Read(reader, stateNames, g);
                storage.ExpectFull(stateNames, g);
                groups[g] = new int[storage.Values.Length];
                for (int i = 0; i < groups[g].Length; i++)
                {
                    groups[g][i] = reader.ReadCount("elements in a tensor", Array.MaxLength);
                    for (long left = (long)(states + (hasParameters ? 1 : 0)) * groups[g][i] * elementSize; left > 0;
                        left -= skip.Length)
                        reader.ReadBytes(skip.AsSpan(0, (int)Math.Min(left, skip.Length)));
                }
            }
            return new SavedLayout(elementSize, name, hasParameters, groups);
        }
    }
}
