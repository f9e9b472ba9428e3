using Tandem.Server.Cli;
using Tandem.Server.Hosting;

// `./tandem <verb>` arrives here with a verb; the test host and `dotnet run` start the server directly.
if (TandemCli.IsVerb(args))
{
    return await TandemCli.RunAsync(args);
}

var app = TandemApp.Build(args);
await app.RunAsync();
return 0;

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
