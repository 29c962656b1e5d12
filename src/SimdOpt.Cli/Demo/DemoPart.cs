namespace SimdOpt.Cli.Demo;

/// <summary>The parts of the demo, in the order they run.</summary>
internal enum DemoPart
{
    /// <summary>Optimizers on Rosenbrock, Beale and a saddle.</summary>
    Surfaces,

    /// <summary>BGD vs SGD vs mini-batch on the digits, softmax regression and an MLP.</summary>
    Training,

    /// <summary>SIMD vs scalar kernels.</summary>
    Simd,

    /// <summary>The digits MLP with fp32, bf16 and 8-bit optimizer states.</summary>
    Precision,
}
