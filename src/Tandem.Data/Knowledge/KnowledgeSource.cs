using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Tandem.Data.Knowledge;

/// <summary>
/// One knowledge file of a firm at its current version: from the pack's knowledge/ folder (or its
/// faq.csv), or uploaded through the admin API. Its passages and their vectors are stored beside it,
/// so a start with unchanged files embeds nothing.
/// </summary>
public sealed class KnowledgeSource
{
    public Guid Id { get; set; }
    public required string FirmId { get; set; }
    /// <summary>Relative to knowledge/ (e.g. returns-policy.md); "faq.csv" for the pack's own FAQ file.</summary>
    public required string FileName { get; set; }
    /// <summary>markdown | html | text | pdf | csv | faq</summary>
    public required string Format { get; set; }
    /// <summary>pack | upload. A pack re-sync changes only pack rows; uploads stay until deleted.</summary>
    public required string Origin { get; set; }
    /// <summary>SHA-256 of the file's bytes, hex: the source's version.</summary>
    public required string Hash { get; set; }
    /// <summary>When this version was imported; unchanged while the file is unchanged.</summary>
    public required DateTimeOffset ImportedAt { get; set; }
    /// <summary>The file's size in bytes.</summary>
    public long Size { get; set; }
    public required string Title { get; set; }
    /// <summary>The file name of the document that replaces this one (never answered from while set).</summary>
    public string? SupersededBy { get; set; }
    /// <summary>The text read from the file (a PDF's extracted text), which citation links show.</summary>
    public required string Text { get; set; }
    public List<KnowledgePassage> Passages { get; set; } = [];
}

/// <summary>A retrievable passage of a source, with the embedded model's vector for it.</summary>
public sealed class KnowledgePassage
{
    /// <summary>Also the rowid of the SQLite FTS5 index over passages.</summary>
    public long Id { get; set; }
    public Guid SourceId { get; set; }
    public required string FirmId { get; set; }
    /// <summary>Position within the source, for a stable order.</summary>
    public int Ordinal { get; set; }
    /// <summary>The id the pipeline and the audit use (returns-policy.md#2, faq#4, prices.csv#q1).</summary>
    public required string PassageKey { get; set; }
    /// <summary>The file a citation of this passage links to (an FAQ row may name another article).</summary>
    public required string CitedSource { get; set; }
    public required string Title { get; set; }
    public required string TitlePath { get; set; }
    public required string Text { get; set; }
    public bool IsFaq { get; set; }
    public string? Question { get; set; }
    /// <summary>The vector, float32 little-endian; valid only for <see cref="EmbeddingModel"/>.</summary>
    public required byte[] Embedding { get; set; }
    public required string EmbeddingModel { get; set; }
}

internal sealed class KnowledgeConfiguration : IEntityTypeConfiguration<KnowledgeSource>, IEntityTypeConfiguration<KnowledgePassage>
{
    public void Configure(EntityTypeBuilder<KnowledgeSource> builder)
    {
        builder.ToTable("knowledge_sources");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.FirmId).HasMaxLength(64);
        builder.Property(s => s.FileName).HasMaxLength(400);
        builder.Property(s => s.Format).HasMaxLength(16);
        builder.Property(s => s.Origin).HasMaxLength(16);
        builder.Property(s => s.Hash).HasMaxLength(64);
        builder.Property(s => s.SupersededBy).HasMaxLength(400);
        builder.HasIndex(s => new { s.FirmId, s.FileName }).IsUnique();
        builder.HasMany(s => s.Passages).WithOne().HasForeignKey(p => p.SourceId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<KnowledgePassage> builder)
    {
        builder.ToTable("knowledge_passages");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedOnAdd();
        builder.Property(p => p.FirmId).HasMaxLength(64);
        builder.Property(p => p.PassageKey).HasMaxLength(500);
        builder.Property(p => p.CitedSource).HasMaxLength(400);
        builder.Property(p => p.EmbeddingModel).HasMaxLength(200);
        builder.HasIndex(p => new { p.FirmId, p.SourceId, p.Ordinal });
    }
}
