using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Tandem.Server.Hosting;

internal static class ProblemHandling
{
    /// <summary>Errors the framework answers with a bare status get a ProblemDetails that says what to do.</summary>
    public static async Task WriteStatusProblemAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var (title, detail) = http.Response.StatusCode switch
        {
            StatusCodes.Status401Unauthorized => ("authentication required", "Send Authorization: Bearer <token>: the conversation's accessToken, or a staff API key."),
            StatusCodes.Status403Forbidden => ("not allowed", "This token does not give access to this resource (a customer token opens only its own conversation; staff routes need an admin or agent key)."),
            StatusCodes.Status404NotFound => ("not found", $"Nothing is served at {http.Request.Path}. The API reference is at /scalar/v1."),
            StatusCodes.Status405MethodNotAllowed => ("method not allowed", $"{http.Request.Method} is not supported on {http.Request.Path}."),
            StatusCodes.Status415UnsupportedMediaType => ("unsupported media type", "Send the body as JSON with Content-Type: application/json."),
            _ => ((string?)null, (string?)null),
        };
        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails { Status = http.Response.StatusCode, Title = title, Detail = detail },
        });
    }
}

/// <summary>
/// Turns requests the framework could not bind (malformed JSON, wrong types, a missing body) into a
/// 400 ProblemDetails that names the problem, instead of an exception page or a bare status.
/// </summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }
        var detail = bad.InnerException is JsonException json
            ? $"{bad.Message} {json.Message}"
            : bad.Message;
        httpContext.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ProblemDetails
            {
                Status = bad.StatusCode,
                Title = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "request body too large" : "malformed request",
                Detail = detail,
            },
            Exception = exception,
        });
    }
}
