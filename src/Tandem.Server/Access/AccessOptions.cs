namespace Tandem.Server.Access;

/// <summary>Configuration section "Tandem:Access": how staff sign-in resists guessing and how long a session lasts.</summary>
internal sealed class AccessOptions
{
    public const string Section = "Tandem:Access";

    /// <summary>Wrong passwords in a row before the account is locked.</summary>
    public int MaxFailedSignIns { get; set; } = 5;

    /// <summary>How long a locked account stays locked (an admin can unlock it sooner).</summary>
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a console session lasts without activity (sliding).</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(12);
}
