using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tandem.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ActionsAndIdentity : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "IdentityMethod",
                table: "conversations",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "VerificationFailures",
                table: "conversations",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "VerifiedAt",
                table: "conversations",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "VerifiedCustomerId",
                table: "conversations",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "VerifiedEmail",
                table: "conversations",
                type: "character varying(320)",
                maxLength: 320,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "VerifiedRecordsJson",
                table: "conversations",
                type: "text",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.CreateTable(
                name: "action_calls",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    FirmId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ConversationId = table.Column<Guid>(type: "uuid", nullable: false),
                    TurnId = table.Column<Guid>(type: "uuid", nullable: true),
                    Topic = table.Column<string>(type: "text", nullable: true),
                    Tool = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Connector = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ArgumentsJson = table.Column<string>(type: "text", nullable: false),
                    IdempotencyKey = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    RequestHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Caller = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Actor = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Reason = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CustomerMessage = table.Column<string>(type: "text", nullable: false),
                    ProposalReasonsJson = table.Column<string>(type: "text", nullable: false),
                    ResultJson = table.Column<string>(type: "text", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DecidedBy = table.Column<string>(type: "text", nullable: true),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DecisionNote = table.Column<string>(type: "text", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_action_calls", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "commerce_orders",
                columns: table => new
                {
                    FirmId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    OrderNumber = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CustomerId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    Email = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    DocumentJson = table.Column<string>(type: "text", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_commerce_orders", x => new { x.FirmId, x.OrderNumber });
                });

            migrationBuilder.CreateIndex(
                name: "IX_action_calls_ConversationId_Status",
                table: "action_calls",
                columns: new[] { "ConversationId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_action_calls_FirmId_IdempotencyKey",
                table: "action_calls",
                columns: new[] { "FirmId", "IdempotencyKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_commerce_orders_FirmId_CustomerId",
                table: "commerce_orders",
                columns: new[] { "FirmId", "CustomerId" });

            migrationBuilder.CreateIndex(
                name: "IX_commerce_orders_FirmId_Email",
                table: "commerce_orders",
                columns: new[] { "FirmId", "Email" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "action_calls");

            migrationBuilder.DropTable(
                name: "commerce_orders");

            migrationBuilder.DropColumn(
                name: "IdentityMethod",
                table: "conversations");

            migrationBuilder.DropColumn(
                name: "VerificationFailures",
                table: "conversations");

            migrationBuilder.DropColumn(
                name: "VerifiedAt",
                table: "conversations");

            migrationBuilder.DropColumn(
                name: "VerifiedCustomerId",
                table: "conversations");

            migrationBuilder.DropColumn(
                name: "VerifiedEmail",
                table: "conversations");

            migrationBuilder.DropColumn(
                name: "VerifiedRecordsJson",
                table: "conversations");
        }
    }
}
