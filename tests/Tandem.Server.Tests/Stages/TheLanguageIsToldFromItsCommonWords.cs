using Tandem.Server.Understanding;

namespace Tandem.Server.Tests.Stages;

public sealed class TheLanguageIsToldFromItsCommonWords
{
    [Theory]
    [InlineData("refund pls", "en")]
    [InlineData("status?", "en")]
    [InlineData("Hi, my parcel hasn't arrived yet, can you check?", "en")]
    [InlineData("where is my order", "en")]
    [InlineData("the sofa arrived damaged", "en")]
    [InlineData("cheers mate, all sorted", "en")]
    [InlineData("no it hasn't come yet", "en")]
    [InlineData("Is it in stock?", "en")]
    [InlineData("Bonjour, où est ma commande ? Je ne l'ai pas reçue.", "fr")]
    [InlineData("J'ai reçu un canapé abîmé, je veux être remboursé", "fr")]
    [InlineData("slt ma commande est pas arrivée", "fr")]
    [InlineData("Hallo, wo ist meine Bestellung? Ich habe sie noch nicht bekommen.", "de")]
    [InlineData("Das Sofa ist kaputt angekommen, was kann ich tun?", "de")]
    [InlineData("Hola, ¿dónde está mi pedido? Todavía no lo he recibido.", "es")]
    [InlineData("El sofá llegó dañado y quiero un reembolso", "es")]
    [InlineData("¿Cuándo llega mi pedido?", "es")]
    [InlineData("¿Y mi reembolso?", "es")]
    [InlineData("Ciao, dov'è il mio ordine? Non l'ho ancora ricevuto.", "it")]
    [InlineData("Buongiorno, vorrei sapere quando arriva il mio ordine", "it")]
    [InlineData("Olá, onde está a minha encomenda? Ainda não a recebi.", "pt")]
    [InlineData("Oi, meu pedido ainda não chegou", "pt")]
    [InlineData("Hallo, waar is mijn bestelling? Ik heb hem nog niet ontvangen.", "nl")]
    [InlineData("Goedemiddag, mijn pakket is beschadigd aangekomen", "nl")]
    [InlineData("Dzień dobry, gdzie jest moje zamówienie? Jeszcze go nie otrzymałem.", "pl")]
    [InlineData("dzien dobry gdzie jest moje zamowienie", "pl")]
    [InlineData("Kiedy dostanę moją paczkę?", "pl")]
    public void TheLanguageOfATypicalSupportMessageIsFound(string text, string language) =>
        Assert.Equal(language, LanguageDetector.Detect(text));

    [Theory]
    // A greeting in another language does not make an English message foreign.
    [InlineData("Bonjour! Where is my order?", "en")]
    [InlineData("My order HH-2026-004512, bitte", "en")]
    [InlineData("Thanks, merci!", "en")]
    [InlineData("Hallo, I ordered a sofa and it is broken", "en")]
    // A customer who apologises for their English in English and then writes in French is French.
    [InlineData("sorry my english is bad. Je voudrais annuler ma commande, elle n'est pas encore partie", "fr")]
    public void AMixedMessageIsTheLanguageMostOfItIsIn(string text, string language) =>
        Assert.Equal(language, LanguageDetector.Detect(text));
}
