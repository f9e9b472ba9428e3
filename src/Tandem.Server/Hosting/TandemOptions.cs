namespace Tandem.Server.Hosting;

/// <summary>Configuration section "Tandem". Command-line flags of `serve` map onto these keys.</summary>
internal sealed class TandemOptions
{
    public const string Section = "Tandem";

    /// <summary>Where the SQLite database and other local state live (`--data-dir`, default ./.tandem).</summary>
    public string DataDir { get; set; } = ".tandem";

    /// <summary>Firm pack folders to load at start-up (`--firm PATH`, repeatable). Empty means the reference firm.</summary>
    public List<string> Firms { get; set; } = [];

    public DatabaseOptions Database { get; set; } = new();

    public BootstrapOptions Bootstrap { get; set; } = new();

    public ProcessingOptions Processing { get; set; } = new();
}

internal sealed class DatabaseOptions
{
    /// <summary>sqlite (default, embedded) or postgres.</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>Npgsql connection string when Provider is postgres.</summary>
    public string? ConnectionString { get; set; }
}

internal sealed class BootstrapOptions
{
    /// <summary>When set, this key is an installation-wide admin key (environment Tandem__Bootstrap__AdminApiKey).</summary>
    public string? AdminApiKey { get; set; }
}

internal sealed class ProcessingOptions
{
    /// <summary>How long a node holds a turn before another node may take it over.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often unclaimed or abandoned turns are looked for.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Concurrent turn workers on this node; 0 makes an intake-only node.</summary>
    public int Workers { get; set; } = 2;

    public int MaxAttempts { get; set; } = 3;
}
