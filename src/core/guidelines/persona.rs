//! Phrases a brand never writes, because they are a consumer's words: the brand does not buy
//! its own products, nor speak "as a customer". Both languages always apply: the phrases do
//! not collide, and bilingual replies exist.

pub const BUILTIN_PHRASES: &[&str] = &[
    // English
    "I bought",
    "I've bought",
    "I have bought",
    "I purchased",
    "I ordered",
    "I've ordered",
    "as a customer",
    "as a client",
    "as a user",
    "as a consumer",
    "I'm a customer",
    "I am a customer",
    "I've been a customer",
    "I'm a loyal customer",
    "my order arrived",
    "I tried this product",
    "I love this product",
    // French
    "j'ai acheté",
    "j'ai commandé",
    "j'ai reçu ma commande",
    "en tant que client",
    "en tant que cliente",
    "en tant que consommateur",
    "en tant que consommatrice",
    "en tant qu'utilisateur",
    "en tant qu'utilisatrice",
    "je suis client",
    "je suis cliente",
    "moi aussi j'ai acheté",
    "ma commande est arrivée",
    "j'ai testé ce produit",
    "j'adore ce produit",
];
