using System.Runtime.InteropServices;

namespace SimdOpt.Mpi;

/// <summary>
/// The few entry points of Open MPI's <c>libmpi</c> that <see cref="MpiCommunicator"/> calls, bound at run time with
/// <see cref="NativeLibrary"/>, so the package loads (and every other type of it works) on a machine without MPI.
/// </summary>
/// <remarks>
/// Open MPI's handles are pointers to its predefined objects (<c>MPI_COMM_WORLD</c> is
/// <c>&amp;ompi_mpi_comm_world</c>), so they are looked up as exported symbols. This is why MPI.NET 1.4.0, the
/// binding on NuGet, cannot run here: it is compiled against Microsoft MPI (<c>[DllImport("msmpi.dll")]</c>) with
/// MPICH-style integer handles (<c>MPI_COMM_WORLD = 0x44000000</c>), and neither the library name nor the handle
/// values exist in Open MPI.
/// </remarks>
internal sealed unsafe class OpenMpiLibrary
{
    /// <summary>The library names tried, in order: the runtime package's soname, then the development link.</summary>
    public static readonly string[] Names = ["libmpi.so.40", "libmpi.so"];

    private OpenMpiLibrary(nint handle)
    {
        Initialized = (delegate* unmanaged<int*, int>)Export(handle, "MPI_Initialized");
        Finalized = (delegate* unmanaged<int*, int>)Export(handle, "MPI_Finalized");
        Init = (delegate* unmanaged<int*, byte***, int>)Export(handle, "MPI_Init");
        FinalizeMpi = (delegate* unmanaged<int>)Export(handle, "MPI_Finalize");
        CommRank = (delegate* unmanaged<nint, int*, int>)Export(handle, "MPI_Comm_rank");
        CommSize = (delegate* unmanaged<nint, int*, int>)Export(handle, "MPI_Comm_size");
        Barrier = (delegate* unmanaged<nint, int>)Export(handle, "MPI_Barrier");
        Allgatherv = (delegate* unmanaged<void*, int, nint, void*, int*, int*, nint, nint, int>)
            Export(handle, "MPI_Allgatherv");
        Alltoallv = (delegate* unmanaged<void*, int*, int*, nint, void*, int*, int*, nint, nint, int>)
            Export(handle, "MPI_Alltoallv");
        ErrorString = (delegate* unmanaged<int, byte*, int*, int>)Export(handle, "MPI_Error_string");
        CommWorld = Export(handle, "ompi_mpi_comm_world");
        Byte = Export(handle, "ompi_mpi_byte");
        Float = Export(handle, "ompi_mpi_float");
        Double = Export(handle, "ompi_mpi_double");
    }

    public delegate* unmanaged<int*, int> Initialized { get; }

    public delegate* unmanaged<int*, int> Finalized { get; }

    public delegate* unmanaged<int*, byte***, int> Init { get; }

    public delegate* unmanaged<int> FinalizeMpi { get; }

    public delegate* unmanaged<nint, int*, int> CommRank { get; }

    public delegate* unmanaged<nint, int*, int> CommSize { get; }

    public delegate* unmanaged<nint, int> Barrier { get; }

    /// <summary><c>MPI_Allgatherv(sendbuf, sendcount, sendtype, recvbuf, recvcounts, displs, recvtype,
    /// comm)</c>.</summary>
    public delegate* unmanaged<void*, int, nint, void*, int*, int*, nint, nint, int> Allgatherv { get; }

    /// <summary><c>MPI_Alltoallv(sendbuf, sendcounts, sdispls, sendtype, recvbuf, recvcounts, rdispls, recvtype,
    /// comm)</c>.</summary>
    public delegate* unmanaged<void*, int*, int*, nint, void*, int*, int*, nint, nint, int> Alltoallv { get; }

    public delegate* unmanaged<int, byte*, int*, int> ErrorString { get; }

    public nint CommWorld { get; }

    public nint Byte { get; }

    public nint Float { get; }

    public nint Double { get; }

    /// <summary>Loads Open MPI, or says exactly why it cannot.</summary>
    /// <exception cref="DllNotFoundException">No library of <see cref="Names"/> loads, or one lacks a symbol (it is
    /// not Open MPI).</exception>
    public static OpenMpiLibrary Load()
    {
        foreach (string name in Names)
            if (NativeLibrary.TryLoad(name, out nint handle)) return new OpenMpiLibrary(handle);
        throw new DllNotFoundException(
            $"Open MPI's library ({string.Join(" or ", Names)}) is not installed: on Debian or Ubuntu, "
            + "apt-get install openmpi-bin libopenmpi-dev; elsewhere, put Open MPI's lib folder on LD_LIBRARY_PATH.");
    }

    /// <summary>MPI's own text for an error code.</summary>
    public string Describe(int code)
    {
        // MPI_MAX_ERROR_STRING is 256 in Open MPI.
        byte* text = stackalloc byte[256];
        int length = 0;
        return ErrorString(code, text, &length) == 0
            ? System.Text.Encoding.ASCII.GetString(text, length)
            : "error " + code.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static nint Export(nint handle, string symbol) =>
        NativeLibrary.TryGetExport(handle, symbol, out nint address)
            ? address
            : throw new DllNotFoundException(
                $"The MPI library found has no symbol '{symbol}': it is not Open MPI, whose handles SimdOpt.Mpi "
                + "binds.");
}
