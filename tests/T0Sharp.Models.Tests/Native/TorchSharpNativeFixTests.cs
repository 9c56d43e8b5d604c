using T0Sharp.Build;
using T0Sharp.Tests;
using TorchSharp;

namespace T0Sharp.Models.Tests.Native;

/// <summary>The Debian 12 fix for TorchSharp's libLibTorchSharp.so (build/ElfVersionPatch.cs).</summary>
public class TorchSharpNativeFixTests
{
    static string PackageLibrary()
    {
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var lib = Path.Combine(cache, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", ElfVersionPatch.TorchSharpLibrary);
        Assert.True(File.Exists(lib), "TorchSharp package library not found at " + lib);
        return lib;
    }

    [Fact]
    public void Torch_initializes_and_multiplies_matrices()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.tensor(new float[] { 1, 2, 3, 4 }).reshape(2, 2);
        var b = torch.tensor(new float[] { 5, 6, 7, 8 }).reshape(2, 2);
        var c = a.matmul(b);
        Assert.Equal(new float[] { 19, 22, 43, 50 }, c.data<float>().ToArray());
    }

    [Fact]
    public void Package_library_requires_the_version_and_the_patch_makes_it_weak_idempotently()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var tmp = TestPaths.NewTempDir();
        var copy = tmp.File(ElfVersionPatch.TorchSharpLibrary);
        File.Copy(PackageLibrary(), copy);
        var original = File.ReadAllBytes(copy);

        Assert.Equal(ElfPatchOutcome.NeedsPatch, ElfVersionPatch.Inspect(copy));
        Assert.Equal(ElfPatchOutcome.Patched, ElfVersionPatch.Patch(copy));
        Assert.Equal(ElfPatchOutcome.AlreadyPatched, ElfVersionPatch.Inspect(copy));
        var patched = File.ReadAllBytes(copy);
        Assert.Equal(ElfPatchOutcome.AlreadyPatched, ElfVersionPatch.Patch(copy));
        Assert.Equal(patched, File.ReadAllBytes(copy));

        // Only a handful of bytes change: the vna_flags word and the symbol's version entries.
        Assert.Equal(original.Length, patched.Length);
        var changed = Enumerable.Range(0, original.Length).Count(i => original[i] != patched[i]);
        Assert.InRange(changed, 2, 8);
    }

    [Fact]
    public void A_system_that_has_the_version_leaves_the_library_untouched()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var tmp = TestPaths.NewTempDir();
        var copy = tmp.File(ElfVersionPatch.TorchSharpLibrary);
        File.Copy(PackageLibrary(), copy);
        var fakeStdCxx = tmp.File("libstdc++.so.6");
        File.WriteAllBytes(fakeStdCxx, [.. "GLIBCXX_3.4.31\0GLIBCXX_3.4.32\0"u8]);
        var before = File.ReadAllBytes(copy);
        Assert.Equal(ElfPatchOutcome.SystemHasVersion, ElfVersionPatch.PatchIfNeeded(copy, fakeStdCxx));
        Assert.Equal(before, File.ReadAllBytes(copy));
    }

    [Fact]
    public void The_package_cache_is_never_modified()
    {
        if (!OperatingSystem.IsLinux()) return;
        Assert.Equal(ElfPatchOutcome.NeedsPatch, ElfVersionPatch.Inspect(PackageLibrary()));
    }

    [Fact]
    public void The_build_output_is_patched_exactly_when_the_system_lacks_the_version()
    {
        if (!OperatingSystem.IsLinux()) return;
        var output = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", ElfVersionPatch.TorchSharpLibrary);
        var system = ElfVersionPatch.FindSystemLibStdCxx();
        bool systemHas = system != null && ElfVersionPatch.FileContainsVersion(system, ElfVersionPatch.MissingVersion);
        Assert.Equal(systemHas ? ElfPatchOutcome.NeedsPatch : ElfPatchOutcome.AlreadyPatched, ElfVersionPatch.Inspect(output));
    }

    [Fact]
    public void Non_elf_input_is_rejected_with_the_file_name()
    {
        using var tmp = TestPaths.NewTempDir();
        var bogus = tmp.File("bogus.so");
        File.WriteAllText(bogus, "not an elf file at all, just some text padding it out to sixty-four bytes....");
        var ex = Assert.Throws<InvalidDataException>(() => ElfVersionPatch.Inspect(bogus));
        Assert.Contains("bogus.so", ex.Message);
    }
}
