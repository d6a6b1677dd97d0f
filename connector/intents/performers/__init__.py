"""The functions that apply each intent kind to the store; connector.intents.registry lists them."""
