namespace Tandem.Server.Tests.Infrastructure;

internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRoot();

    public static string ReferenceFirm => Path.Combine(RepoRoot, "samples", "firms", "harbour-home");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Tandem.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Could not find the repository root (Tandem.slnx) above " + AppContext.BaseDirectory);
    }

    public static string NewTempDir(string prefix)
    {
        var path = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>A private copy of the reference firm's pack, for tests that edit it.</summary>
    public static string CopyOfReferenceFirm()
    {
        var target = NewTempDir("tandem-pack");
        foreach (var file in Directory.EnumerateFiles(ReferenceFirm, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(ReferenceFirm, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
        return target;
    }
}
