using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Tandem.Data.Conversations;

internal sealed class ConversationConfiguration :
    IEntityTypeConfiguration<Customer>,
    IEntityTypeConfiguration<Conversation>,
    IEntityTypeConfiguration<Message>,
    IEntityTypeConfiguration<Turn>,
    IEntityTypeConfiguration<Draft>,
    IEntityTypeConfiguration<Review>,
    IEntityTypeConfiguration<Handoff>
{
    public void Configure(EntityTypeBuilder<Customer> builder)
    {
        builder.ToTable("customers");
        builder.HasIndex(c => new { c.FirmId, c.ExternalId }).IsUnique();
        builder.Property(c => c.FirmId).HasMaxLength(64);
        builder.Property(c => c.ExternalId).HasMaxLength(128);
    }

    public void Configure(EntityTypeBuilder<Conversation> builder)
    {
        builder.ToTable("conversations");
        builder.Property(c => c.FirmId).HasMaxLength(64);
        builder.Property(c => c.Status).HasMaxLength(16);
        builder.Property(c => c.Channel).HasMaxLength(16);
        builder.Property(c => c.AccessTokenHash).HasMaxLength(64);
        builder.Property(c => c.VerifiedCustomerId).HasMaxLength(128);
        builder.Property(c => c.VerifiedEmail).HasMaxLength(320);
        builder.Property(c => c.IdentityMethod).HasMaxLength(16);
        builder.Property(c => c.VerifiedRecordsJson).HasDefaultValue("[]");
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasIndex(c => c.AccessTokenHash).IsUnique();
        builder.HasIndex(c => new { c.FirmId, c.Status, c.UpdatedAt });
    }

    public void Configure(EntityTypeBuilder<Message> builder)
    {
        builder.ToTable("messages");
        builder.Property(m => m.Author).HasMaxLength(16);
        builder.Property(m => m.ClientMessageId).HasMaxLength(128);
        // The idempotency key: the same clientMessageId on a conversation is one message.
        builder.HasIndex(m => new { m.ConversationId, m.ClientMessageId }).IsUnique();
        builder.HasIndex(m => new { m.ConversationId, m.CreatedAt });
    }

    public void Configure(EntityTypeBuilder<Turn> builder)
    {
        builder.ToTable("turns");
        builder.Property(t => t.Status).HasMaxLength(16);
        builder.Property(t => t.Decision).HasMaxLength(16);
        builder.Property(t => t.LeaseOwner).HasMaxLength(64);
        builder.HasIndex(t => t.MessageId).IsUnique();
        builder.HasIndex(t => new { t.Status, t.LeaseUntil });
        builder.HasIndex(t => new { t.ConversationId, t.CreatedAt });
    }

    public void Configure(EntityTypeBuilder<Draft> builder)
    {
        builder.ToTable("drafts");
        builder.Property(d => d.Status).HasMaxLength(16);
        builder.HasIndex(d => d.TurnId).IsUnique();
        builder.HasIndex(d => new { d.FirmId, d.Status, d.CreatedAt });
    }

    public void Configure(EntityTypeBuilder<Review> builder)
    {
        builder.ToTable("reviews");
        builder.Property(r => r.Outcome).HasMaxLength(16);
        builder.HasIndex(r => r.DraftId).IsUnique();
        builder.HasIndex(r => new { r.FirmId, r.Topic, r.CreatedAt });
    }

    public void Configure(EntityTypeBuilder<Handoff> builder)
    {
        builder.ToTable("handoffs");
        builder.HasIndex(h => new { h.FirmId, h.AcceptedAt, h.RequestedAt });
        builder.HasIndex(h => h.ConversationId);
    }
}
