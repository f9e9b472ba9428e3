using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tandem.Migrations.Sqlite.Migrations
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
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "VerificationFailures",
                table: "conversations",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "VerifiedAt",
                table: "conversations",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "VerifiedCustomerId",
                table: "conversations",
                type: "TEXT",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "VerifiedEmail",
                table: "conversations",
                type: "TEXT",
                maxLength: 320,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "VerifiedRecordsJson",
                table: "conversations",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.CreateTable(
                name: "action_calls",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    FirmId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ConversationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TurnId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Topic = table.Column<string>(type: "TEXT", nullable: true),
                    Tool = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Connector = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ArgumentsJson = table.Column<string>(type: "TEXT", nullable: false),
                    IdempotencyKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    RequestHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Caller = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CustomerMessage = table.Column<string>(type: "TEXT", nullable: false),
                    ProposalReasonsJson = table.Column<string>(type: "TEXT", nullable: false),
                    ResultJson = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DecidedBy = table.Column<string>(type: "TEXT", nullable: true),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DecisionNote = table.Column<string>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_action_calls", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "commerce_orders",
                columns: table => new
                {
                    FirmId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    OrderNumber = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CustomerId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    Email = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    DocumentJson = table.Column<string>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
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
