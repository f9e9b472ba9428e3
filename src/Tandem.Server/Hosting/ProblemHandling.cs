using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Tandem.Server.Hosting;

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
