// Makes TorchSharp's libLibTorchSharp.so load on systems whose libstdc++ predates GCC 13 (Debian 12).
//
// TorchSharp 0.107 links against GLIBCXX_3.4.32 for exactly one symbol, std::ios_base_library_init(),
// a no-op marker that GCC 13's <iostream> emits. glibc's loader refuses the whole library when a
// required version is missing, unless the requirement is marked weak. This file marks the
// GLIBCXX_3.4.32 entry in .gnu.version_r weak (vna_flags |= VER_FLG_WEAK) and makes the symbols
// that referred to it unversioned (.gnu.version entry = 1), which is what a link against an older
// libstdc++ would have produced. The patch is written to a temporary file and renamed over the
// target, so a hard link into a package cache is never modified in place.
//
// This file is compiled twice: by MSBuild as an inline task (build/TorchSharpNativeFix.targets) and
// into the test project (with T0SHARP_TESTS defined) so that the patch logic is tested directly.
#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace T0Sharp.Build
{
    /// <summary>Outcome of inspecting or patching one ELF file.</summary>
    public enum ElfPatchOutcome
    {
        /// <summary>The file does not require the version at all.</summary>
        NotRequired,
        /// <summary>The requirement exists and is not weak: the library fails to load without the version.</summary>
        NeedsPatch,
        /// <summary>The requirement is already weak and no symbol refers to it.</summary>
        AlreadyPatched,
        /// <summary>This call patched the file.</summary>
        Patched,
        /// <summary>The system's libstdc++ provides the version, so nothing was changed.</summary>
        SystemHasVersion,
    }

    public static class ElfVersionPatch
    {
        public const string TorchSharpLibrary = "libLibTorchSharp.so";
        public const string MissingVersion = "GLIBCXX_3.4.32";
        const ushort VerFlgWeak = 0x2;
        const uint ShtGnuVerneed = 0x6ffffffe;
        const uint ShtGnuVersym = 0x6fffffff;

        /// <summary>Reports whether <paramref name="path"/> needs the patch for <paramref name="version"/>, without changing it.</summary>
        public static ElfPatchOutcome Inspect(string path, string version = MissingVersion)
        {
            var bytes = File.ReadAllBytes(path);
            return Analyze(bytes, version, path, apply: false);
        }

        /// <summary>
        /// Patches <paramref name="path"/> unless the system libstdc++ (<paramref name="systemLibStdCxx"/>, or the
        /// one found on the standard paths when null) already provides the version. Idempotent.
        /// </summary>
        public static ElfPatchOutcome PatchIfNeeded(string path, string? systemLibStdCxx = null, string version = MissingVersion)
        {
            var lib = systemLibStdCxx ?? FindSystemLibStdCxx();
            if (lib != null && FileContainsVersion(lib, version)) return ElfPatchOutcome.SystemHasVersion;
            return Patch(path, version);
        }

        /// <summary>Patches unconditionally (idempotent): marks the requirement weak and unversions its symbols.</summary>
        public static ElfPatchOutcome Patch(string path, string version = MissingVersion)
        {
            var bytes = File.ReadAllBytes(path);
            var outcome = Analyze(bytes, version, path, apply: true);
            if (outcome != ElfPatchOutcome.Patched) return outcome;
            var tmp = path + ".patch-" + Guid.NewGuid().ToString("N") + ".tmp";
            try
            {
                // Copy first so the temporary file keeps the original's permissions, then overwrite its
                // bytes and rename it over the target (a new inode: hard links elsewhere stay intact).
                File.Copy(path, tmp, true);
                using (var fs = new FileStream(tmp, FileMode.Open, FileAccess.Write))
                    fs.Write(bytes, 0, bytes.Length);
                File.Replace(tmp, path, null);
            }
            finally
            {
                if (File.Exists(tmp)) File.Delete(tmp);
            }
            return outcome;
        }

        /// <summary>The libstdc++.so.6 the dynamic loader would most likely pick, or null.</summary>
        public static string? FindSystemLibStdCxx()
        {
            var dirs = new List<string>();
            var ld = Environment.GetEnvironmentVariable("LD_LIBRARY_PATH");
            if (!string.IsNullOrEmpty(ld)) dirs.AddRange(ld.Split(new[] { ':' }, StringSplitOptions.RemoveEmptyEntries));
            dirs.AddRange(new[] { "/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
                "/lib/aarch64-linux-gnu", "/usr/lib64", "/lib64", "/usr/lib", "/lib" });
            foreach (var d in dirs)
            {
                var p = Path.Combine(d, "libstdc++.so.6");
                if (File.Exists(p)) return p;
            }
            return null;
        }

        /// <summary>True when the file's bytes contain the NUL-terminated version name (how libstdc++ defines versions).</summary>
        public static bool FileContainsVersion(string file, string version)
        {
            var needle = Encoding.ASCII.GetBytes(version + "\0");
            var hay = File.ReadAllBytes(file);
            for (int i = 0; i + needle.Length <= hay.Length; i++)
            {
                int k = 0;
                while (k < needle.Length && hay[i + k] == needle[k]) k++;
                if (k == needle.Length) return true;
            }
            return false;
        }

        static ElfPatchOutcome Analyze(byte[] b, string version, string path, bool apply)
        {
            if (b.Length < 64 || b[0] != 0x7f || b[1] != (byte)'E' || b[2] != (byte)'L' || b[3] != (byte)'F')
                throw new InvalidDataException($"{path}: not an ELF file");
            if (b[4] != 2 || b[5] != 1)
                throw new InvalidDataException($"{path}: only little-endian ELF64 is supported");
            ulong shoff = U64(b, 0x28);
            int shentsize = U16(b, 0x3A), shnum = U16(b, 0x3C);
            if (shentsize < 64 || shoff + (ulong)(shentsize * shnum) > (ulong)b.Length)
                throw new InvalidDataException($"{path}: section header table out of range");

            int verneed = -1, versym = -1;
            for (int i = 0; i < shnum; i++)
            {
                uint type = U32(b, (int)shoff + i * shentsize + 4);
                if (type == ShtGnuVerneed) verneed = i;
                else if (type == ShtGnuVersym) versym = i;
            }
            if (verneed < 0) return ElfPatchOutcome.NotRequired;

            int Sh(int idx, int field) => (int)shoff + idx * shentsize + field;
            int vnOff = (int)U64(b, Sh(verneed, 0x18));
            int strIdx = (int)U32(b, Sh(verneed, 0x28));
            int vnCount = (int)U32(b, Sh(verneed, 0x2C)); // sh_info = number of Verneed entries
            int strOff = (int)U64(b, Sh(strIdx, 0x18));

            int found = -1, versionIndex = -1;
            bool weak = false;
            int vn = vnOff;
            for (int n = 0; n < vnCount; n++)
            {
                int cnt = U16(b, vn + 2);
                int aux = vn + (int)U32(b, vn + 8);
                for (int k = 0; k < cnt; k++)
                {
                    string name = CString(b, strOff + (int)U32(b, aux + 8));
                    if (name == version)
                    {
                        found = aux;
                        weak = (U16(b, aux + 4) & VerFlgWeak) != 0;
                        versionIndex = U16(b, aux + 6) & 0x7fff;
                    }
                    uint next = U32(b, aux + 12);
                    if (next == 0) break;
                    aux += (int)next;
                }
                uint vnNext = U32(b, vn + 12);
                if (vnNext == 0) break;
                vn += (int)vnNext;
            }
            if (found < 0) return ElfPatchOutcome.NotRequired;

            var symbolEntries = new List<int>();
            if (versym >= 0)
            {
                int off = (int)U64(b, Sh(versym, 0x18));
                int size = (int)U64(b, Sh(versym, 0x20));
                for (int p = off; p + 1 < off + size; p += 2)
                    if ((U16(b, p) & 0x7fff) == versionIndex) symbolEntries.Add(p);
            }
            if (weak && symbolEntries.Count == 0) return ElfPatchOutcome.AlreadyPatched;
            if (!apply) return ElfPatchOutcome.NeedsPatch;

            W16(b, found + 4, (ushort)(U16(b, found + 4) | VerFlgWeak));
            foreach (var p in symbolEntries) W16(b, p, 1);
            return ElfPatchOutcome.Patched;
        }

        static ushort U16(byte[] b, int o) => (ushort)(b[o] | b[o + 1] << 8);
        static uint U32(byte[] b, int o) => (uint)(b[o] | b[o + 1] << 8 | b[o + 2] << 16 | b[o + 3] << 24);
        static ulong U64(byte[] b, int o) => U32(b, o) | (ulong)U32(b, o + 4) << 32;
        static void W16(byte[] b, int o, ushort v) { b[o] = (byte)v; b[o + 1] = (byte)(v >> 8); }
        static string CString(byte[] b, int o)
        {
            int e = o;
            while (e < b.Length && b[e] != 0) e++;
            return Encoding.ASCII.GetString(b, o, e - o);
        }
    }

#if !T0SHARP_TESTS
    /// <summary>MSBuild task: patches every libLibTorchSharp.so in the build output.</summary>
    public sealed class PatchLibTorchSharp : Microsoft.Build.Utilities.Task
    {
        [Microsoft.Build.Framework.Required]
        public string OutputDirectory { get; set; } = "";

        public override bool Execute()
        {
            if (!System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.Linux)
                || !Directory.Exists(OutputDirectory)) return true;
            foreach (var file in Directory.EnumerateFiles(OutputDirectory, ElfVersionPatch.TorchSharpLibrary, SearchOption.AllDirectories))
            {
                var outcome = ElfVersionPatch.PatchIfNeeded(file);
                if (outcome == ElfPatchOutcome.Patched)
                    Log.LogMessage(Microsoft.Build.Framework.MessageImportance.High,
                        $"T0Sharp: marked {ElfVersionPatch.MissingVersion} weak in {file} (system libstdc++ lacks it)");
            }
            return true;
        }
    }
#endif
}
