using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;

namespace Tandem.Server.Firms;

/// <summary>File-system helpers shared by the pack readers: listing, decoding and hashing.</summary>
internal static class PackFiles
{
    /// <summary>
    /// Every file of the folder, recursively, as '/'-separated paths relative to it, in ordinal order.
    /// Hidden files and folders (.git, .DS_Store, editor swap files) are not part of the pack.
    /// </summary>
    public static IReadOnlyList<string> List(string root) =>
        [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(full => Path.GetRelativePath(root, full).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(relative => !relative.Split('/').Any(segment => segment.StartsWith('.')))
            .Order(StringComparer.Ordinal)];

    /// <summary>
    /// SHA-256 over the files in order: for each, its relative path in UTF-8, a zero byte, its length as
    /// 8 bytes big-endian, then its bytes. The separators keep "ab"+"c" and "a"+"bc" from hashing alike.
    /// </summary>
    public static string Hash(string root, IReadOnlyList<string> files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[8];
        foreach (var relative in files)
        {
            var bytes = File.ReadAllBytes(Path.Combine(root, relative));
            hash.AppendData(Encoding.UTF8.GetBytes(relative));
            hash.AppendData([0]);
            System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(length, bytes.LongLength);
            hash.AppendData(length);
            hash.AppendData(bytes);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The file's bytes, or null after reporting why it could not be read (permissions, a file locked by an editor).</summary>
    public static byte[]? Read(string root, string relative, PackProblems problems)
    {
        try
        {
            return File.ReadAllBytes(Path.Combine(root, relative));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add(relative, 0, $"The file could not be read: {e.Message}");
            return null;
        }
    }

    public static string HashOf(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Decodes UTF-8 (a byte-order mark is allowed), or reports the line of the first byte that is not UTF-8.</summary>
    public static string? Decode(byte[] bytes, string relative, PackProblems problems)
    {
        var span = bytes.AsSpan();
        if (span.StartsWith(Encoding.UTF8.Preamble))
        {
            span = span[Encoding.UTF8.Preamble.Length..];
        }
        if (Utf8.IsValid(span))
        {
            return Encoding.UTF8.GetString(span);
        }
        var position = 0;
        while (position < span.Length && Rune.DecodeFromUtf8(span[position..], out _, out var consumed) == OperationStatus.Done)
        {
            position += consumed;
        }
        var line = span[..position].Count((byte)'\n') + 1;
        problems.Add(relative, line, "The file is not valid UTF-8 text: save it as UTF-8.");
        return null;
    }

    /// <summary>True for a path like "refunds.md" or "guides/returns.md": relative, '/'-separated, no "." or ".." parts.</summary>
    public static bool IsPlainRelativePath(string path) =>
        path.Length > 0
        && !path.Contains('\\', StringComparison.Ordinal)
        && !Path.IsPathRooted(path)
        && path.Split('/').All(segment => segment.Length > 0 && segment != "." && segment != "..");
}
