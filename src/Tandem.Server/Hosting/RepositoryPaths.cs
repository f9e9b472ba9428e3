namespace Tandem.Server.Hosting;

internal static class RepositoryPaths
{
    /// <summary>The repository root (the folder holding Tandem.slnx), searched from the working directory and then from the binaries.</summary>
    public static string? Root()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Tandem.slnx")))
                {
                    return dir.FullName;
                }
            }
        }
        return null;
    }

    public static string? ReferenceFirm()
    {
        var root = Root();
        var path = root is null ? null : Path.Combine(root, "samples", "firms", "harbour-home");
        return path is not null && Directory.Exists(path) ? path : null;
    }
}
