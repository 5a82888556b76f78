from services.embedder.main import main

main()
