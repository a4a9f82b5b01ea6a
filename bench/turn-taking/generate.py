#!/usr/bin/env python3
"""Writes the turn-taking corpus (bench/src/main/resources/turn-taking/*.tsv) from the phrases below.

turns.tsv: language, kind (complete | paused), the pauses in ms, the text with "|" where the caller
pauses. Each paused phrase is written once per pause of PAUSES, so every phrase is heard with short
and long pauses; a complete phrase has none. overlaps.tsv: language, kind (backchannel |
interruption), the text a caller says over the bot's answer. The audio is made at bench time with
flite (English) and espeak-ng (German, Spanish): TurnTakingBench. Deterministic: run it again after
changing a phrase, and commit both.
"""
import os

PAUSES = [300, 450, 600, 750, 900]

COMPLETE = {
    "en": ["Where is my order now?", "Can you reset my password?", "What time do you close today?",
           "How much is the shipping to Canada?", "Is the blue lamp in stock?", "Yes, that is right.",
           "No thanks.", "Please cancel my subscription, thank you.", "Do you deliver on Sundays?",
           "When will my refund arrive?"],
    "de": ["Wo ist meine Bestellung?", "Können Sie mein Passwort zurücksetzen?", "Wann schließen Sie heute?",
           "Ist die blaue Lampe vorrätig?", "Ja, genau.", "Nein danke.", "Wie viel kostet der Versand?",
           "Liefern Sie auch am Sonntag?"],
    "es": ["¿Dónde está mi pedido?", "¿Puede cambiar mi contraseña?", "¿A qué hora cierran hoy?",
           "¿Cuánto cuesta el envío?", "Sí, de acuerdo.", "No, gracias.", "¿Tienen la lámpara azul?",
           "¿Cuándo llega mi reembolso?"],
}

# The caller pauses at "|": after a conjunction, an article, a preposition, a hesitation, within a
# number read out in groups, within a list.
PAUSED = {
    "en": ["My order number is | four five one.", "I need help with | my lamp order.",
           "The lamp arrived broken and | I want a refund.", "I would like to order the | blue lamp.",
           "I ordered a lamp, a chair and | a small table.", "My phone number is five five five | one two three four.",
           "I was wondering um | if you ship to Canada.", "Can you send it to | my office address?",
           "It is for my mother because | her birthday is on Friday.", "The code is four seven | nine two."],
    "de": ["Meine Bestellnummer ist | vier fünf eins.", "Ich brauche Hilfe mit | meiner Bestellung.",
           "Die Lampe kam kaputt an und | ich möchte mein Geld zurück.", "Ich möchte die | blaue Lampe bestellen.",
           "Ich habe eine Lampe, einen Stuhl und | einen Tisch bestellt.", "Meine Nummer ist fünf fünf | eins zwei drei.",
           "Ich wollte ähm | nach dem Versand fragen.", "Können Sie das an | meine Adresse schicken?"],
    "es": ["Mi número de pedido es | cuatro cinco uno.", "Necesito ayuda con | mi pedido.",
           "La lámpara llegó rota y | quiero un reembolso.", "Quiero pedir la | lámpara azul.",
           "Pedí una lámpara, una silla y | una mesa.", "Mi teléfono es cinco cinco | uno dos tres.",
           "Quería eh | preguntar por el envío.", "¿Puede enviarlo a | mi oficina?"],
}

OVERLAPS = {
    "en": {"backchannel": ["Mm-hm.", "Uh-huh.", "Yeah.", "Okay.", "Right.", "Sure.", "Yeah, okay.", "I see."],
           "interruption": ["No, wait, that is wrong.", "Stop, I already paid for it.", "Sorry, can you repeat that?",
                            "Wait, which order do you mean?", "No, I said the blue one.", "Hold on, I need a pen."]},
    "de": {"backchannel": ["Mhm.", "Ja.", "Genau.", "Okay.", "Ja, genau.", "Alles klar."],
           "interruption": ["Nein, das stimmt nicht.", "Moment, welche Bestellung meinen Sie?",
                            "Halt, ich habe schon bezahlt.", "Entschuldigung, noch einmal bitte."]},
    "es": {"backchannel": ["Mhm.", "Sí.", "Vale.", "Claro.", "Sí, vale.", "De acuerdo."],
           "interruption": ["No, eso no es correcto.", "Espere, ¿qué pedido dice?", "Perdón, ¿puede repetirlo?",
                            "No, yo pedí la azul."]},
}


def main():
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "main", "resources", "turn-taking")
    os.makedirs(out, exist_ok=True)
    rows = []
    for language, phrases in COMPLETE.items():
        rows += [f"{language}\tcomplete\t\t{text}" for text in phrases]
    for language, phrases in PAUSED.items():
        for index, text in enumerate(phrases):
            for turn, _ in enumerate(PAUSES):
                # Each phrase with every pause, started at a different one so the list is not sorted by pause.
                pause = PAUSES[(index + turn) % len(PAUSES)]
                rows.append(f"{language}\tpaused\t{pause}\t{text}")
    with open(os.path.join(out, "turns.tsv"), "w", encoding="utf-8") as turns:
        turns.write("# language\tkind\tpause ms\ttext (| marks the pause); written by bench/turn-taking/generate.py\n")
        turns.write("\n".join(rows) + "\n")
    with open(os.path.join(out, "overlaps.tsv"), "w", encoding="utf-8") as overlaps:
        overlaps.write("# language\tkind\ttext said over the bot; written by bench/turn-taking/generate.py\n")
        for language, kinds in OVERLAPS.items():
            for kind, phrases in kinds.items():
                overlaps.writelines(f"{language}\t{kind}\t{text}\n" for text in phrases)


if __name__ == "__main__":
    main()
