namespace Tandem.Server.Hosting;

/// <summary>
/// With SQLite, one process owns a data directory: a second `serve` on the same directory is refused
/// with a clear message instead of two processes fighting over leases. The operating system drops
/// the lock when the process dies, however it dies.
/// </summary>
internal sealed class DataDirLock : IDisposable
{
    private FileStream? _lock;

    public void Acquire(string dataDir)
    {
        if (_lock is not null)
        {
            return;
        }
        var path = Path.Combine(dataDir, "tandem.lock");
        try
        {
            _lock = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new InvalidOperationException(
                $"Another Tandem process is using {dataDir} (it holds {path}). Stop it, or give this one its own --data-dir.", ex);
        }
    }

    public void Dispose() => _lock?.Dispose();
}
