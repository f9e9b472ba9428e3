using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Tandem.Data.Access;
using Tandem.Server.Access;
using Tandem.Server.Firms;

namespace Tandem.Server.Components.Pages.Admin;

/// <summary>
/// What the admin pages share: the signed-in member of staff, the firm shown (?firm=, else the first the
/// user may see) and whether they may change anything. Every member of staff may read these pages; only
/// admins change anything, the same rule as the Admin policy on the API the pages mirror.
/// </summary>
public abstract class AdminPageBase : ComponentBase
{
    [Inject] internal FirmRegistry Firms { get; set; } = null!;

    [Inject] internal IServiceScopeFactory Scopes { get; set; } = null!;

    [CascadingParameter] private Task<AuthenticationState>? AuthenticationState { get; set; }

    [SupplyParameterFromQuery(Name = "firm")] public string? FirmParameter { get; set; }

    protected ClaimsPrincipal User { get; private set; } = new();

    protected string Me => User.Identity?.Name ?? "admin";

    protected bool IsAdmin => User.IsInRole(StaffRoles.Admin);

    internal LoadedFirm? Firm { get; private set; }

    internal IEnumerable<LoadedFirm> VisibleFirms => Firms.All.Where(f => User.CanSeeFirm(f.Pack.Id)).OrderBy(f => f.Pack.Id, StringComparer.Ordinal);

    protected override async Task OnInitializedAsync()
    {
        if (AuthenticationState is not null)
        {
            User = (await AuthenticationState).User;
        }
        Firm = VisibleFirms.FirstOrDefault(f => f.Pack.Id == FirmParameter) ?? VisibleFirms.FirstOrDefault();
        if (Firm is not null)
        {
            await LoadAsync();
        }
    }

    protected abstract Task LoadAsync();
}
